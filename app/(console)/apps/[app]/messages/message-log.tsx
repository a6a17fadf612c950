'use client';

import { AddressText } from '@/components/address-text';
import { type Column, DataTable } from '@/components/data-table';
import { FilterForm } from '@/components/filter-form';
import { ListSourceNote } from '@/components/list-source-note';
import { Time } from '@/components/time';
import { TextField } from '@/components/ui/field';
import { EmptyState } from '@/components/ui/states';
import type { MessageRow } from '@/lib/dal/messages';
import { type MessageFilter, messages } from '@/lib/queries/messages';
import { type ListState, useList } from '@/lib/queries/use-list';

const COLUMNS: Column<MessageRow>[] = [
  {
    header: 'Mid',
    className: 'tabular-nums',
    cell: (m) =>
      m.unconfirmed ? <span className="text-amber-700 dark:text-amber-400">Unconfirmed: no answer</span> : m.mid,
  },
  { header: 'Sent', className: 'whitespace-nowrap', cell: (m) => <Time ts={m.ts} /> },
  { header: 'From', cell: (m) => <AddressText address={m.from} /> },
  {
    header: 'To',
    cell: (m) =>
      m.gid
        ? m.recipients < 0
          ? `group ${m.gid}`
          : `group ${m.gid} (${m.recipients} recipient${m.recipients === 1 ? '' : 's'})`
        : m.to.map((a, i) => (
            <span key={a}>
              {i > 0 && ', '}
              <AddressText address={a} />
            </span>
          )),
  },
  { header: 'Message', className: 'whitespace-pre-wrap', cell: (m) => m.message || m.url || '—' },
];

/** The message log, newest first, filtered by From, To or Group (addresses exactly as typed). */
export function MessageLog(props: { list: ListState<MessageFilter, MessageRow> }) {
  const { filter } = props.list;
  const list = useList(messages, props.list);
  const filtered = Boolean(filter.from || filter.to || filter.gid);
  return (
    <section aria-labelledby="log" className="space-y-4">
      <h2 id="log" className="text-lg font-medium">
        Message log
      </h2>
      <FilterForm
        label="Filter messages"
        className="grid gap-3 sm:grid-cols-[1fr_1fr_10rem_auto] sm:items-end"
        filtered={filtered}
        onApply={(v) => list.setFilter({ from: v.from ?? '', to: v.to ?? '', gid: (v.gid ?? '').trim() })}
        onClear={() => list.setFilter({ from: '', to: '', gid: '' })}
      >
        <TextField label="From" name="from" defaultValue={filter.from} autoComplete="off" />
        <TextField label="To" name="to" defaultValue={filter.to} autoComplete="off" />
        <TextField
          label="Group"
          name="gid"
          defaultValue={filter.gid}
          inputMode="numeric"
          pattern="\d*"
          autoComplete="off"
        />
      </FilterForm>
      <ListSourceNote source={list.source} list="messages" />
      <DataTable
        label="Messages"
        caption="Messages, newest first"
        columns={COLUMNS}
        rowKey={(m) => `${m.mid}-${m.ts}-${m.from}`}
        {...list.table}
        empty={<EmptyState title={filtered ? 'No messages match this filter' : 'No messages yet'} />}
      />
    </section>
  );
}
