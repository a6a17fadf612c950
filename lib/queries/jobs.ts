import { queryOptions } from '@tanstack/react-query';
import type { JobRowView, JobView } from '@/lib/dal/jobs';
import { fetchJson } from './fetch-json';
import { defineList } from './list';

/** Jobs as the browser fetches them, from /api/jobs (browser-safe). */
export type JobsFilter = Record<string, never>;
export const jobsList = defineList<JobsFilter, JobView>('jobs');

/** A job's rows, from /api/jobs/<job>/rows: all, or `problems` (failed, unconfirmed, invalid). */
export type JobRowsFilter = { show: '' | 'problems' };
export const jobRows = defineList<JobRowsFilter, JobRowView>('job-rows');

/** A job still moving (its page reads it again every second). */
export const isActive = (j: Pick<JobView, 'state'>) =>
  j.state === 'queued' || j.state === 'running' || j.state === 'waiting';

export const job = (id: number) =>
  queryOptions<JobView>({ queryKey: ['jobs', 'one', id], queryFn: () => fetchJson<JobView>(`/api/jobs/${id}`) });
