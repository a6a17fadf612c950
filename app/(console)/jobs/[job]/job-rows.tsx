'use client';

import { useEffect, useRef } from 'react';
import { Breakable } from '@/components/address-text';
import { UserLink } from '@/components/app-links';
import { type Column, DataTable } from '@/components/data-table';
import { applyNow, FilterForm } from '@/components/filter-form';
import { SelectField } from '@/components/ui/field';
import { EmptyState } from '@/components/ui/states';
import type { JobRowView } from '@/lib/dal/jobs';
import { type JobRowsFilter, jobRows } from '@/lib/queries/jobs';
import { type ListState, useList } from '@/lib/queries/use-list';

const columns = (app: number): Column<JobRowView>[] => [
  { header: 'Row', className: 'whitespace-nowrap', cell: (r) => r.n.toLocaleString('en') },
  { header: 'Line', className: 'whitespace-nowrap', cell: (r) => r.line.toLocaleString('en') },
  {
    header: 'Address',
    // An invalid row's key is what the file said, not necessarily an address: shown, not linked.
    cell: (r) =>
      r.outcome === 'Invalid' || !r.key ? <Breakable text={r.key || '—'} /> : <UserLink address={r.key} app={app} />,
  },
  { header: 'Outcome', className: 'whitespace-nowrap', cell: (r) => r.outcome },
  { header: 'Message', cell: (r) => <Breakable text={r.message || '—'} /> },
];

/**
 * A job's rows in file order, each address leading to its user's page: all of them, or only those
 * that did not go as the file asked (failed, unconfirmed, invalid). Read again while the job moves.
 */
export function JobRows(props: { list: ListState<JobRowsFilter, JobRowView>; app: number; moving: boolean }) {
  const list = useList(jobRows, props.list, { ms: 2000, while: () => props.moving });
  // Read once more when the job stops moving: the last read while it ran may predate its last rows.
  const wasMoving = useRef(props.moving);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the job stops
  useEffect(() => {
    if (wasMoving.current && !props.moving) list.table.onRetry();
    wasMoving.current = props.moving;
  }, [props.moving]);
  const problems = props.list.filter.show === 'problems';
  return (
    <section aria-labelledby="rows" className="space-y-3">
      <h2 id="rows" className="text-lg font-medium">
        Rows
      </h2>
      <FilterForm
        label="Filter rows"
        className="flex flex-wrap items-end gap-3"
        filtered={problems}
        onApply={(v) => list.setFilter({ show: v.show === 'problems' ? 'problems' : '' })}
        onClear={() => list.setFilter({ show: '' })}
      >
        <SelectField
          label="Show"
          name="show"
          defaultValue={props.list.filter.show}
          onChange={applyNow}
          options={[
            ['', 'All rows'],
            ['problems', 'Failed, unconfirmed or invalid'],
          ]}
        />
      </FilterForm>
      <DataTable
        label="Rows"
        caption="The job's rows, in file order"
        columns={columns(props.app)}
        rowKey={(r) => String(r.n)}
        {...list.table}
        empty={
          <EmptyState title={problems ? 'No row failed, went unconfirmed or was invalid' : 'No rows'}>
            {problems ? 'Every row run so far went as the file asked.' : undefined}
          </EmptyState>
        }
      />
    </section>
  );
}
