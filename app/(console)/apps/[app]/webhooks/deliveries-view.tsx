'use client';

import { UserLink } from '@/components/app-links';
import { type Column, DataTable } from '@/components/data-table';
import { FilterForm } from '@/components/filter-form';
import { RowLink } from '@/components/row-link';
import { Time } from '@/components/time';
import { SelectField, TextField } from '@/components/ui/field';
import { EmptyState } from '@/components/ui/states';
import { useScopeApp } from '@/lib/app-context';
import type { DeliveryRow } from '@/lib/dal/webhooks';
import { deliveryHref } from '@/lib/domain/app-paths';
import { type ListState, useList } from '@/lib/queries/use-list';
import { type DeliveryFilter, deliveries } from '@/lib/queries/webhooks';

const VERSION_WORDS = ['legacy form', 'version 1', 'version 2'];

const columns = (app: number): Column<DeliveryRow>[] => [
  {
    header: 'Received',
    className: 'whitespace-nowrap',
    cell: (d) => (
      <RowLink href={deliveryHref(app, d.id)}>
        <Time ts={Math.floor(d.ts / 1000)} />
      </RowLink>
    ),
  },
  { header: 'Version', cell: (d) => VERSION_WORDS[d.version] ?? `version ${d.version}` },
  { header: 'Events', cell: (d) => (d.types.length ? `${d.events} (${d.types.join(', ')})` : String(d.events)) },
  {
    header: 'Addresses',
    cell: (d) =>
      d.addresses.length
        ? d.addresses.slice(0, 3).map((a, i) => (
            <span key={a}>
              {i > 0 && ', '}
              <UserLink address={a} />
            </span>
          ))
        : '—',
  },
  {
    header: 'Result',
    cell: (d) =>
      d.result === 'accepted' ? (
        `Accepted${d.test ? ' (test)' : ''}`
      ) : (
        <span className="text-red-700 dark:text-red-400">
          Refused ({d.status}): {d.reason}
        </span>
      ),
  },
];

/** What mesibo delivered, newest first, filtered by address, event type and result. */
export function DeliveriesView(props: { list: ListState<DeliveryFilter, DeliveryRow> }) {
  const { filter } = props.list;
  const list = useList(deliveries, props.list);
  const filtered = Boolean(filter.address || filter.type || filter.result);
  return (
    <section aria-labelledby="deliveries" className="space-y-4">
      <h2 id="deliveries" className="text-lg font-medium">
        Deliveries
      </h2>
      <FilterForm
        label="Filter deliveries"
        className="grid gap-3 sm:grid-cols-[1fr_10rem_10rem_auto] sm:items-end"
        filtered={filtered}
        onApply={(v) =>
          list.setFilter({
            address: v.address ?? '',
            type: (v.type ?? '').trim(),
            result: v.result === 'accepted' || v.result === 'refused' ? v.result : '',
          })
        }
        onClear={() => list.setFilter({ address: '', type: '', result: '' })}
      >
        <TextField label="Address" name="address" defaultValue={filter.address} autoComplete="off" />
        <TextField label="Event type" name="type" defaultValue={filter.type} autoComplete="off" />
        <SelectField
          label="Result"
          name="result"
          defaultValue={filter.result}
          options={[
            ['', 'Any'],
            ['accepted', 'Accepted'],
            ['refused', 'Refused'],
          ]}
        />
      </FilterForm>
      <DataTable
        label="Deliveries"
        caption="Webhook deliveries, newest first"
        columns={columns(useScopeApp().id)}
        rowKey={(d) => String(d.id)}
        {...list.table}
        empty={
          <EmptyState title={filtered ? 'No deliveries match this filter' : 'No deliveries yet'}>
            {filtered ? undefined : 'Deliveries appear here as mesibo posts them to the receiver.'}
          </EmptyState>
        }
      />
    </section>
  );
}
