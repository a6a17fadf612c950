import type { Job, ResultRow } from './store';

/**
 * A job's end as the audit log says it, exactly: how many rows did what the file asked, and
 * how many did not, by why, naming the first of them ("Done: 3 of 5 added; 2 unknown (no
 * answer): ann@example.org, ben@example.org"). Unknown: sent, with no answer, so either may
 * have happened; the job's page lists every row.
 */
const NAMED = 5;

export function jobEndText(
  job: Pick<Job, 'state' | 'total' | 'ok' | 'skipped' | 'failed' | 'unconfirmed' | 'message'>,
  /** What an ok row did ("added", "imported"). */
  verb: string,
  /** The first rows that did not go as asked, in file order (JobStore.results with `problems`). */
  problems: readonly ResultRow[],
): string {
  const n = (v: number) => v.toLocaleString('en');
  const named = (rows: readonly ResultRow[], count: number) => {
    const keys = rows.slice(0, NAMED).map((r) => r.key || `row ${n(r.n)}`);
    const more = count - keys.length;
    return keys.length ? `: ${keys.join(', ')}${more > 0 ? ` and ${n(more)} more` : ''}` : '';
  };
  const invalid = problems.filter((r) => r.problem);
  const parts = [
    `${n(job.ok)} of ${n(job.total)} ${verb}`,
    job.skipped && `${n(job.skipped)} skipped${named(invalid, job.skipped)}`,
    job.failed &&
      `${n(job.failed)} failed${named(
        problems.filter((r) => r.outcome === 'failed'),
        job.failed,
      )}`,
    job.unconfirmed &&
      `${n(job.unconfirmed)} unknown (no answer)${named(
        problems.filter((r) => r.outcome === 'unconfirmed'),
        job.unconfirmed,
      )}`,
  ];
  const notRun = job.total - job.ok - job.skipped - job.failed - job.unconfirmed;
  if (notRun > 0) parts.push(`${n(notRun)} not run`);
  const state = job.state.charAt(0).toUpperCase() + job.state.slice(1);
  return `${state}: ${parts.filter(Boolean).join('; ')}.${job.message ? ` ${job.message}` : ''}`;
}
