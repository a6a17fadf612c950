import 'server-only';
import type { CsvHeader, RowProblem } from '@/lib/csv/read';
import { ImportFileError } from '@/lib/csv/read';
import type { Db } from '@/lib/db/types';
import type { JobStore, StagedRow } from '@/lib/jobs/store';

/**
 * An import's dry run, whatever it imports: the file read into a draft job's rows, batch by
 * batch, each planned by the caller (what it would do, as far as the app's lists can tell);
 * then every repeat of a key after its first marked, and the whole summed up. Nothing else
 * changes. A file that is not one keeps nothing (the draft is deleted) and throws its fault.
 */
export interface ImportProblem {
  line: number;
  column: string;
  reason: string;
}
export interface DryRun {
  file: string;
  columns: string[];
  ignored: string[];
  rows: number;
  /** What the rows would do, as far as the app's lists can tell (`unchecked`: told during the job). */
  new: number;
  same: number;
  changes: number;
  /** Import members on a directory app: addresses the directory does not know. */
  unknown: number;
  unchecked: number;
  invalid: number;
  /** The first 100 problems, in file order. */
  problems: ImportProblem[];
}
export { ImportFileError };

const FIRST_PROBLEMS = 100;

export const problemText = (p: RowProblem<string> | undefined) => (p ? JSON.stringify(p) : '');
export function problemOf(text: string): { column: string; reason: string } | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return { column: 'row', reason: text };
  }
}

export async function stageImport(
  db: Db,
  store: JobStore,
  jobId: number,
  file: string,
  read: (onBatch: (staged: StagedRow[]) => Promise<void>) => Promise<CsvHeader & { rows: number }>,
  /** What a repeat of a row's key is (`an address`): the file names it twice. */
  keyWords: string,
): Promise<DryRun> {
  let header: CsvHeader & { rows: number };
  try {
    header = await read((staged) => store.stage(jobId, staged));
  } catch (e) {
    await db.run('DELETE FROM jobs WHERE id = ?', [jobId]);
    throw e;
  }
  await markDuplicates(db, jobId, keyWords);
  const summary = await summarize(db, jobId, file, header);
  await store.setSummary(jobId, summary as unknown as Record<string, unknown>, header.rows);
  return summary;
}

/** Every occurrence of a key after its first is a problem naming the first's line. */
async function markDuplicates(db: Db, jobId: number, keyWords: string) {
  const twice = await db.all<{ row_key: string; first: number }>(
    `SELECT row_key, MIN(n) AS first FROM job_rows WHERE job_id = ? AND row_key <> '' GROUP BY row_key HAVING COUNT(*) > 1`,
    [jobId],
  );
  for (const d of twice) {
    const first = await db.get<{ line: number }>('SELECT line FROM job_rows WHERE job_id = ? AND n = ?', [
      jobId,
      d.first,
    ]);
    const problem = JSON.stringify({
      column: 'address',
      reason: `A duplicate of line ${Number(first?.line).toLocaleString('en')} (the file names ${keyWords} twice).`,
    });
    await db.run(
      `UPDATE job_rows SET problem = ?, plan = '' WHERE job_id = ? AND row_key = ? AND n > ? AND problem = ''`,
      [problem, jobId, d.row_key, d.first],
    );
  }
}

async function summarize(db: Db, jobId: number, file: string, header: CsvHeader & { rows: number }): Promise<DryRun> {
  const counts = await db.all<{ plan: string; bad: number; n: number }>(
    `SELECT plan, CASE WHEN problem = '' THEN 0 ELSE 1 END AS bad, COUNT(*) AS n FROM job_rows WHERE job_id = ? GROUP BY plan, CASE WHEN problem = '' THEN 0 ELSE 1 END`,
    [jobId],
  );
  const count = (f: (c: { plan: string; bad: number }) => boolean) =>
    counts.filter((c) => f({ plan: c.plan, bad: Number(c.bad) })).reduce((s, c) => s + Number(c.n), 0);
  const problems = await db.all<{ line: number; problem: string }>(
    `SELECT line, problem FROM job_rows WHERE job_id = ? AND problem <> '' ORDER BY n LIMIT ?`,
    [jobId, FIRST_PROBLEMS],
  );
  const planned = (plan: string) => count((c) => !c.bad && c.plan === plan);
  return {
    file,
    columns: header.columns,
    ignored: header.ignored,
    rows: header.rows,
    new: planned('new'),
    same: planned('same'),
    changes: planned('change'),
    unknown: planned('unknown'),
    unchecked: planned(''),
    invalid: count((c) => c.bad === 1),
    problems: problems.map((p) => ({
      line: Number(p.line),
      ...(problemOf(p.problem) ?? { column: 'row', reason: '' }),
    })),
  };
}
