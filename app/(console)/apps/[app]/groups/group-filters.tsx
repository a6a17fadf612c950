'use client';

import { applyNow, FilterForm } from '@/components/filter-form';
import { SelectField } from '@/components/ui/field';
import { DELIVERY_CHOICES, SEND_CHOICES } from '@/lib/domain/group-flags';
import { GROUP_SORTS } from '@/lib/domain/list-query';

/** The list of groups as the URL keeps it (`sort`: '' is newest first). */
export type GroupsFilter = { q: string; sort: string; send: string; delivery: string };

const any = (label: string) => [['', label] as const];

/** Sort, Who can send and Delivery, where the list's search does them (this product's backend or the directory). */
export function GroupFilters(props: { filter: GroupsFilter; onChange: (next: GroupsFilter) => void }) {
  const { filter } = props;
  return (
    <FilterForm
      key={JSON.stringify(filter)}
      label="How the groups are ordered and narrowed"
      className="flex flex-wrap items-end gap-3"
      filtered={filter.sort !== '' || filter.send !== '' || filter.delivery !== ''}
      onApply={(v) =>
        props.onChange({
          q: filter.q,
          sort: v.sort === '-created' ? '' : (v.sort ?? ''),
          send: v.send ?? '',
          delivery: v.delivery ?? '',
        })
      }
      onClear={() => props.onChange({ q: filter.q, sort: '', send: '', delivery: '' })}
    >
      <SelectField
        label="Sort"
        name="sort"
        defaultValue={filter.sort || '-created'}
        options={GROUP_SORTS}
        onChange={applyNow}
      />
      <SelectField
        label="Who can send"
        name="send"
        defaultValue={filter.send}
        options={[...any('Any'), ...SEND_CHOICES]}
        onChange={applyNow}
      />
      <SelectField
        label="Delivery"
        name="delivery"
        defaultValue={filter.delivery}
        options={[...any('Any'), ...DELIVERY_CHOICES]}
        onChange={applyNow}
      />
    </FilterForm>
  );
}
