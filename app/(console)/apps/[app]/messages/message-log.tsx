'use client';

import { DataTable } from '@/components/data-table';
import { DayRangeFields } from '@/components/day-range-fields';
import { FilterForm } from '@/components/filter-form';
import { ListSourceNote } from '@/components/list-source-note';
import { MESSAGE_COLUMNS, messageKey } from '@/components/message-columns';
import { TextField } from '@/components/ui/field';
import { EmptyState } from '@/components/ui/states';
import type { MessageRow } from '@/lib/dal/messages';
import { type MessageFilter, messages } from '@/lib/queries/messages';
import { type ListState, useList } from '@/lib/queries/use-list';

const NO_FILTER: MessageFilter = { from: '', to: '', with: '', gid: '', mid: '', since: '', until: '' };

/**
 * The message log, newest first, filtered by From, To, From or To (a conversation), Group, Mid
 * (addresses in any case) and the days it was sent (in the operator's time zone).
 */
export function MessageLog(props: { list: ListState<MessageFilter, MessageRow> }) {
  const { filter } = props.list;
  const list = useList(messages, props.list);
  const filtered = Object.values(filter).some(Boolean);
  return (
    <section aria-labelledby="log" className="space-y-4">
      <h2 id="log" className="text-lg font-medium">
        Message log
      </h2>
      <FilterForm
        label="Filter messages"
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1fr_8rem] xl:grid-cols-[1fr_1fr_1fr_7rem_7rem_10rem_10rem] sm:items-start"
        filtered={filtered}
        onApply={(v) =>
          list.setFilter({
            from: v.from ?? '',
            to: v.to ?? '',
            with: v.with ?? '',
            gid: (v.gid ?? '').trim(),
            mid: (v.mid ?? '').trim(),
            since: v.since ?? '',
            until: v.until ?? '',
          })
        }
        onClear={() => list.setFilter(NO_FILTER)}
      >
        <TextField label="From" name="from" defaultValue={filter.from} autoComplete="off" />
        <TextField label="To" name="to" defaultValue={filter.to} autoComplete="off" />
        <TextField
          label="From or To"
          name="with"
          defaultValue={filter.with}
          autoComplete="off"
          hint="A conversation: what the address sent and the direct messages it received."
        />
        <TextField
          label="Group"
          name="gid"
          defaultValue={filter.gid}
          inputMode="numeric"
          pattern="\d*"
          autoComplete="off"
        />
        <TextField
          label="Mid"
          name="mid"
          defaultValue={filter.mid}
          inputMode="numeric"
          pattern="\d*"
          autoComplete="off"
        />
        <DayRangeFields value={filter} problem={list.table.error} />
      </FilterForm>
      <ListSourceNote source={list.source} list="messages" />
      <DataTable
        label="Messages"
        caption="Messages, newest first"
        columns={MESSAGE_COLUMNS}
        rowKey={messageKey}
        {...list.table}
        empty={<EmptyState title={filtered ? 'No messages match this filter' : 'No messages yet'} />}
      />
    </section>
  );
}
