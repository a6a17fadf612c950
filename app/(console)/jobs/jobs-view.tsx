'use client';

import { Breakable } from '@/components/address-text';
import { type Column, DataTable } from '@/components/data-table';
import { RowLink } from '@/components/row-link';
import { Time } from '@/components/time';
import { EmptyState } from '@/components/ui/states';
import type { JobView } from '@/lib/dal/jobs';
import { jobHref } from '@/lib/domain/app-paths';
import { isActive, type JobsFilter, jobsList } from '@/lib/queries/jobs';
import { type ListState, useList } from '@/lib/queries/use-list';
import { JobProgress, STATE_WORDS } from './job-progress';

const columns: Column<JobView>[] = [
  {
    header: 'Job',
    cell: (j) => (
      <>
        <RowLink href={jobHref(j.id)}>
          {j.kindLabel} · job {j.id}
        </RowLink>
        <span className="block text-xs text-slate-500 dark:text-slate-400">
          <Breakable text={j.title} />
        </span>
      </>
    ),
  },
  { header: 'App', cell: (j) => <Breakable text={j.appName} /> },
  { header: 'Operator', cell: (j) => <Breakable text={j.operatorEmail} /> },
  { header: 'Progress', className: 'min-w-48', cell: (j) => <JobProgress job={j} label={`Progress of job ${j.id}`} /> },
  { header: 'State', className: 'whitespace-nowrap', cell: (j) => STATE_WORDS[j.state] },
  {
    header: 'Times',
    cell: (j) => (
      <span className="text-xs">
        Created <Time ts={j.createdTs} />
        {j.finishedTs > 0 && (
          <span className="block">
            Ended <Time ts={j.finishedTs} />
          </span>
        )}
      </span>
    ),
  },
];

/** The jobs, newest first; while any on the page moves, the page is read again every 2 s. */
export function JobsView(props: { list: ListState<JobsFilter, JobView> }) {
  const list = useList(jobsList, props.list, { ms: 2000, while: (rows) => rows.some(isActive) });
  return (
    <DataTable
      label="Jobs"
      caption="Jobs, newest first"
      columns={columns}
      rowKey={(j) => String(j.id)}
      {...list.table}
      empty={<EmptyState title="No jobs yet">An import shows here while it runs, and after.</EmptyState>}
    />
  );
}
