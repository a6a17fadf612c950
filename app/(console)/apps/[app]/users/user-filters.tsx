'use client';

import { AppIdField } from '@/components/app-id-field';
import { applyNow, FilterForm } from '@/components/filter-form';
import { SelectField } from '@/components/ui/field';
import { USER_SORTS } from '@/lib/domain/list-query';

/** The list of users as the URL keeps it (`sort`: '' is newest first). */
export type UsersFilter = { q: string; sort: string; active: string; appid: string; presence: '' | 'online' | 'seen' };

const STATUS = [
  ['', 'Active and inactive'],
  ['active', 'Active'],
  ['inactive', 'Inactive'],
] as const;
const PRESENCE = [
  ['', 'All users'],
  ['online', 'Online now'],
  ['seen', 'Last seen first'],
] as const;

/**
 * Sort, Status and Has a token for App ID, where the list's search does them (this product's
 * backend or the console's directory); Presence where the directory is the list (webhooks say
 * who is online). `appIds`: App IDs to suggest (those seen on the list).
 */
export function UserFilters(props: {
  filter: UsersFilter;
  full: boolean;
  presence: boolean;
  appIds: string[];
  onChange: (next: UsersFilter) => void;
}) {
  const { filter } = props;
  if (!props.full && !props.presence) return null;
  const filtered = filter.sort !== '' || filter.active !== '' || filter.appid !== '' || filter.presence !== '';
  return (
    <FilterForm
      key={JSON.stringify(filter)}
      label="How the list is ordered and narrowed"
      className="flex flex-wrap items-end gap-3"
      filtered={filtered}
      onApply={(v) =>
        props.onChange({
          ...filter,
          sort: v.sort === '-created' ? '' : (v.sort ?? ''),
          active: v.active ?? '',
          appid: (v.appid ?? '').trim(),
          presence: (v.presence ?? '') as UsersFilter['presence'],
        })
      }
      onClear={() => props.onChange({ q: filter.q, sort: '', active: '', appid: '', presence: '' })}
    >
      {props.full && (
        <>
          <SelectField
            label="Sort"
            name="sort"
            defaultValue={filter.sort || '-created'}
            options={USER_SORTS}
            onChange={applyNow}
          />
          <SelectField label="Status" name="active" defaultValue={filter.active} options={STATUS} onChange={applyNow} />
          <AppIdField
            label="Has a token for App ID"
            defaultValue={filter.appid}
            suggestions={props.appIds}
            hint="Only users holding a token for this App ID."
          />
        </>
      )}
      {props.presence && (
        <SelectField
          label="Presence"
          name="presence"
          defaultValue={filter.presence}
          options={PRESENCE}
          onChange={applyNow}
        />
      )}
    </FilterForm>
  );
}
