'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { Time } from '@/components/time';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Fact, Facts } from '@/components/ui/facts';
import { ErrorNotice, PageHeader } from '@/components/ui/states';
import { useAction } from '@/lib/actions/use-action';
import type { JobRowView, JobView } from '@/lib/dal/jobs';
import { appHref } from '@/lib/domain/app-paths';
import { isActive, type JobRowsFilter, job as jobQuery, jobsList } from '@/lib/queries/jobs';
import type { ListState } from '@/lib/queries/use-list';
import { cancelJobAction, resumeJobAction } from '../actions';
import { JobProgress, STATE_WORDS } from '../job-progress';
import { JobRows } from './job-rows';

/** A job's page: read again every second while it moves, so its progress shows without a reload. */
export function JobDetail({ initial, rows }: { initial: JobView; rows: ListState<JobRowsFilter, JobRowView> }) {
  const { data: job = initial, error } = useQuery({
    ...jobQuery(initial.id),
    initialData: initial,
    refetchInterval: (q) => (q.state.data && isActive(q.state.data) ? 1000 : false),
  });
  const [confirming, setConfirming] = useState(false);
  const options = { invalidates: [jobsList.all, ['jobs', 'one', job.id]] };
  const cancel = useAction(cancelJobAction, {
    ...options,
    success: () => `Cancelling job ${job.id}`,
    onSuccess: () => setConfirming(false),
  });
  const resume = useAction(resumeJobAction, { ...options, success: () => `Job ${job.id} resumed` });
  const ended = job.state === 'done' || job.state === 'failed' || job.state === 'cancelled';
  const stopping = job.cancelRequested && !ended;
  return (
    <>
      <PageHeader title={`${job.kindLabel} · job ${job.id}`}>
        <a
          href={`/api/jobs/${job.id}/results`}
          download
          className="inline-flex min-h-9 items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
        >
          Download results
        </a>
      </PageHeader>
      <div className="space-y-4">
        <Facts>
          <Fact label="App">
            <Link className="underline" href={appHref(job.appId)}>
              {job.appName}
            </Link>
            {' · '}
            <Link className="underline" href={job.applies.href}>
              {job.applies.label}
            </Link>
          </Fact>
          <Fact label="File" className="break-all">
            {job.title}
          </Fact>
          <Fact label="Started by" className="break-all">
            {job.operatorEmail}
          </Fact>
          <Fact label="State" role="status" aria-live="polite">
            {stopping ? 'Cancelling: finishing the rows in flight' : STATE_WORDS[job.state]}
          </Fact>
          <Fact label="Times">
            Created <Time ts={job.createdTs} />
            {job.startedTs > 0 && (
              <>
                {' '}
                · started <Time ts={job.startedTs} />
              </>
            )}
            {job.finishedTs > 0 && (
              <>
                {' '}
                · ended <Time ts={job.finishedTs} />
              </>
            )}
          </Fact>
        </Facts>
        <JobProgress job={job} label="Progress" />
        {job.message && (
          <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
            {job.message}
          </p>
        )}
        {job.state === 'waiting' && (
          <p className="text-sm text-slate-600 dark:text-slate-300">
            The server running it stopped. It resumes by itself, here or on another instance, within a lease period.
          </p>
        )}
        {error && <ErrorNotice error={{ message: 'The job could not be read again; the numbers above may be old.' }} />}
        {cancel.error && <ErrorNotice error={cancel.error} />}
        {resume.error && <ErrorNotice error={resume.error} />}
        {job.canControl && (job.resumable || !ended) && (
          <div className="flex flex-wrap gap-2">
            {job.resumable && (
              <Button onClick={() => resume.run({ job: job.id })} disabled={resume.pending}>
                Resume
              </Button>
            )}
            {!stopping && !ended && (
              <Button variant="danger" onClick={() => setConfirming(true)}>
                Cancel job
              </Button>
            )}
          </div>
        )}
        <JobRows list={rows} app={job.appId} moving={isActive(job)} />
      </div>
      <Dialog open={confirming} onOpenChange={setConfirming} title="Cancel job">
        <p className="text-sm">
          Job {job.id} stops after the rows in flight. What was done stays done and is listed in the results; the rest
          is not applied.
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="ghost" onClick={() => setConfirming(false)}>
            Keep it running
          </Button>
          <Button variant="danger" onClick={() => cancel.run({ job: job.id })} disabled={cancel.pending}>
            Cancel job
          </Button>
        </div>
      </Dialog>
    </>
  );
}
