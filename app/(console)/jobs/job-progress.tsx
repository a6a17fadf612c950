import { ProgressBar } from '@/components/progress-bar';
import type { JobView } from '@/lib/dal/jobs';

export const STATE_WORDS: Record<JobView['state'], string> = {
  draft: 'Checked, not started',
  queued: 'Queued',
  running: 'Running',
  waiting: 'Waiting after a restart',
  paused: 'Paused',
  cancelled: 'Cancelled',
  done: 'Done',
  failed: 'Failed',
};

const n = (v: number) => v.toLocaleString('en');

/** A job's progress: rows done of the total, with its counts by outcome, as a bar and in words. */
export function JobProgress({ job, label }: { job: JobView; label: string }) {
  const counts = [
    `${n(job.ok)} ok`,
    `${n(job.skipped)} skipped`,
    `${n(job.failed)} failed`,
    ...(job.unconfirmed ? [`${n(job.unconfirmed)} unconfirmed`] : []),
  ].join(', ');
  return (
    <ProgressBar
      label={label}
      value={job.done}
      max={job.total}
      text={`${n(job.done)} of ${n(job.total)} rows · ${counts}`}
    />
  );
}
