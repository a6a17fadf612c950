import 'server-only';
import type { Db } from '@/lib/db/types';
import { type HeldAppId, UNKNOWN_EXPIRY } from '@/lib/domain/token-list';
import type { JobEnd, JobHandler, JobWork } from '@/lib/jobs/runner';
import type { JobStore, StagedRow } from '@/lib/jobs/store';
import type { ImportedUser, ImportMode, ImportRow, KnownUser, RowLedger, UsersSource } from '@/lib/sources/types';

export type { ImportMode };

import { type CsvHeader, newAddressIssue, type ParsedUserRow, readUsersCsv } from './users-csv';

/**
 * Import users: a file staged into a draft job with its dry run (nothing changes), then, when
 * the operator chooses, a job that applies it: Add to directory (no backend call) or Create on
 * the backend (a useradd per row with only the columns the file has). It never issues tokens.
 */
export const USERS_IMPORT = 'users.import';
export interface ImportOptions {
  mode: ImportMode;
  skipInvalid: boolean;
}

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
  /** What the rows would do, as far as the app's list can tell (`unchecked`: a remote backend that lists; told during the job). */
  new: number;
  same: number;
  changes: number;
  unchecked: number;
  invalid: number;
  /** The first 100 problems, in file order. */
  problems: ImportProblem[];
}

const FIRST_PROBLEMS = 100;
/** Rows a job takes at a time: each batch is a few statements (and, in-process, one transaction). */
const BATCH = 500;
/** Add to directory writes only the console's tables: larger batches, fewer round trips. */
const DIRECTORY_BATCH = 2000;

const problemText = (p: ParsedUserRow['problem']) => (p ? JSON.stringify(p) : '');
export function problemOf(text: string): { column: string; reason: string } | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return { column: 'row', reason: text };
  }
}

/**
 * What a row would do to a user the list knows: nothing (the same), or a change. Only the
 * columns the row gives count, and uid and App IDs only where the list keeps them (the
 * directory): an export imported back is the same throughout.
 */
function planOf(user: ImportedUser, known: KnownUser): 'same' | 'change' {
  const heldDiffers = (held: HeldAppId) => {
    const t = known.tokens?.find((x) => x.appid === held.appid);
    return !t || (held.expires !== UNKNOWN_EXPIRY && t.expires !== held.expires);
  };
  const differs =
    (user.name !== undefined && user.name !== known.name) ||
    (user.active !== undefined && user.active !== known.active) ||
    (user.uid !== undefined && known.uid !== undefined && user.uid !== known.uid) ||
    (user.appIds !== undefined && known.tokens !== undefined && user.appIds.some(heldDiffers));
  return differs ? 'change' : 'same';
}

/**
 * Reads the file into the draft job's rows, batch by batch, each checked against what the
 * app's list knows (the bundled backend, or the directory), then marks duplicates within the
 * file and sums it up. Throws the file's fault (ImportFileError) with nothing kept.
 */
export async function stageUsersImport(
  db: Db,
  store: JobStore,
  jobId: number,
  file: string,
  body: AsyncIterable<Uint8Array>,
  users: UsersSource,
): Promise<DryRun> {
  let header: CsvHeader & { rows: number };
  try {
    header = await readUsersCsv(body, async (batch) => {
      const valid = batch.filter((r) => !r.problem);
      const known = await users.known(valid.map((r) => r.values.address));
      const staged: StagedRow[] = batch.map((r) => {
        const found = known?.get(r.values.address);
        // The rule for new addresses: for a row that would create its user (or might: unchecked).
        const problem = r.problem ?? (found ? undefined : newAddressIssue(r.values.address));
        return {
          n: r.n,
          line: r.line,
          key: r.values.address,
          data: r.values as unknown as Record<string, unknown>,
          problem: problemText(problem),
          plan: problem || !known ? undefined : found ? planOf(r.values, found) : 'new',
        };
      });
      await store.stage(jobId, staged);
    });
  } catch (e) {
    await db.run('DELETE FROM jobs WHERE id = ?', [jobId]);
    throw e;
  }
  await markDuplicates(db, jobId);
  const summary = await summarize(db, jobId, file, header);
  await store.setSummary(jobId, summary as unknown as Record<string, unknown>, header.rows);
  return summary;
}

/** Every occurrence of an address after its first is a problem naming the first's line. */
async function markDuplicates(db: Db, jobId: number) {
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
      reason: `A duplicate of line ${Number(first?.line).toLocaleString('en')} (the file names this address twice).`,
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
  return {
    file,
    columns: header.columns,
    ignored: header.ignored,
    rows: header.rows,
    new: count((c) => !c.bad && c.plan === 'new'),
    same: count((c) => !c.bad && c.plan === 'same'),
    changes: count((c) => !c.bad && c.plan === 'change'),
    unchecked: count((c) => !c.bad && c.plan === ''),
    invalid: count((c) => c.bad === 1),
    problems: problems.map((p) => ({
      line: Number(p.line),
      ...(problemOf(p.problem) ?? { column: 'row', reason: '' }),
    })),
  };
}

/** Looks each address up through the source's `get`, `concurrency` at a time (a remote backend that lists). */
async function lookEach(users: UsersSource, addresses: string[], concurrency: number) {
  const found = new Map<string, KnownUser>();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, addresses.length) }, async () => {
      while (next < addresses.length) {
        const address = addresses[next++];
        const u = await users.get(address);
        if (u) found.set(address, { address: u.address, name: u.name, active: u.active });
      }
    }),
  );
  return found;
}

/**
 * The job: rows in file order, a batch at a time. Invalid rows (there only with Skip invalid
 * rows) are skipped with their reason; rows already as the file says are skipped; the rest are
 * applied through the app's users source, which writes each outcome with its effect.
 */
export function usersImportHandler(deps: {
  /** The app's users source for the job's operator, or why the job may no longer run. */
  usersFor(work: JobWork): Promise<UsersSource | string>;
  concurrency: number;
}): JobHandler {
  return {
    async run(work: JobWork): Promise<JobEnd> {
      const options = work.job.options as unknown as ImportOptions;
      const users = await deps.usersFor(work);
      if (typeof users === 'string') return { state: 'failed', message: users };
      let pause: JobEnd | undefined;
      /** What each applied row was to the app's list: a new user, or a change to a known one. */
      const applied = new Map<number, string>();
      const ledger: RowLedger = {
        stopping: () => work.stopping() || pause !== undefined,
        sent: (ns) => work.markSent(ns),
        async settle(results, q) {
          // Written whatever came before: `pause ??= await …` would skip the rows in flight once paused.
          const end = await work.settle(
            results.map(({ n, outcome, message }) => ({
              n,
              outcome,
              message: message ?? (outcome === 'ok' ? applied.get(n) : undefined),
            })),
            q,
          );
          pause ??= end;
          return pause !== undefined;
        },
      };
      let after = 0;
      for (;;) {
        if (pause) return pause;
        if (work.stopping()) return work.stopped();
        const batch = await work.pending(after, options.mode === 'directory' ? DIRECTORY_BATCH : BATCH);
        if (batch.length === 0) return { state: 'done' };
        after = batch[batch.length - 1].n;
        const invalid = batch.filter((r) => r.problem !== '');
        if (invalid.length)
          await ledger.settle(
            invalid.map((r) => ({ n: r.n, outcome: 'skipped', message: problemOf(r.problem)?.reason ?? r.problem })),
          );
        // Create on the backend sends only what useradd takes: uid and App IDs are the directory's.
        const rows: ImportRow[] = batch
          .filter((r) => r.problem === '')
          .map((r) => {
            const user = r.data as unknown as ImportedUser;
            const sent = { address: user.address, name: user.name, active: user.active };
            return { n: r.n, user: options.mode === 'directory' ? user : sent };
          });
        if (rows.length === 0) continue;
        const addresses = rows.map((r) => r.user.address);
        const known = (await users.known(addresses)) ?? (await lookEach(users, addresses, deps.concurrency));
        const same = rows.filter((r) => {
          const k = known.get(r.user.address);
          return k !== undefined && planOf(r.user, k) === 'same';
        });
        if (same.length)
          await ledger.settle(same.map((r) => ({ n: r.n, outcome: 'skipped', message: 'Already as in the file.' })));
        const sameNs = new Set(same.map((r) => r.n));
        applied.clear();
        for (const r of rows) applied.set(r.n, known.has(r.user.address) ? 'Updated.' : 'Created.');
        const apply = rows.filter((r) => !sameNs.has(r.n));
        if (apply.length === 0 || ledger.stopping()) continue;
        if (options.mode === 'directory') await users.adoptMany(apply, ledger);
        else await users.addMany(apply, ledger, deps.concurrency);
      }
    },
  };
}
