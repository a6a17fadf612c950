import 'server-only';
import type { Db } from '@/lib/db/types';
import { type HeldAppId, UNKNOWN_EXPIRY } from '@/lib/domain/token-list';
import type { JobEnd, JobHandler, JobWork } from '@/lib/jobs/runner';
import type { JobStore, StagedRow } from '@/lib/jobs/store';
import type { ImportedUser, ImportMode, ImportRow, KnownUser, UsersSource } from '@/lib/sources/types';
import { applyRows, knownUsers } from './apply';
import { type DryRun, problemText, stageImport } from './staging';
import { newAddressIssue, readUsersCsv } from './users-csv';

export type { DryRun, ImportMode };

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

/** Rows a job takes at a time: each batch is a few statements (and, in-process, one transaction). */
const BATCH = 500;
/** Add to directory writes only the console's tables: larger batches, fewer round trips. */
const DIRECTORY_BATCH = 2000;

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
export function stageUsersImport(
  db: Db,
  store: JobStore,
  jobId: number,
  file: string,
  body: AsyncIterable<Uint8Array>,
  users: UsersSource,
): Promise<DryRun> {
  const read = (stage: (rows: StagedRow[]) => Promise<void>) =>
    readUsersCsv(body, async (batch) => {
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
      await stage(staged);
    });
  return stageImport(db, store, jobId, file, read, 'this address');
}

/**
 * The job: rows in file order, a batch at a time (applyRows); rows already as the file says
 * are skipped; the rest are applied through the app's users source, which writes each outcome
 * with its effect.
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
      const batchSize = options.mode === 'directory' ? DIRECTORY_BATCH : BATCH;
      return applyRows(work, batchSize, async (valid, ledger) => {
        // Create on the backend sends only what useradd takes: uid and App IDs are the directory's.
        const rows: ImportRow[] = valid.map((r) => {
          const user = r.data as unknown as ImportedUser;
          const sent = { address: user.address, name: user.name, active: user.active };
          return { n: r.n, user: options.mode === 'directory' ? user : sent };
        });
        const known = await knownUsers(
          users,
          rows.map((r) => r.user.address),
          deps.concurrency,
        );
        const same = rows.filter((r) => {
          const k = known.get(r.user.address);
          return k !== undefined && planOf(r.user, k) === 'same';
        });
        if (same.length)
          await ledger.settle(same.map((r) => ({ n: r.n, outcome: 'skipped', message: 'Already as in the file.' })));
        const sameNs = new Set(same.map((r) => r.n));
        for (const r of rows) ledger.okMessages.set(r.n, known.has(r.user.address) ? 'Updated.' : 'Created.');
        const apply = rows.filter((r) => !sameNs.has(r.n));
        if (apply.length === 0 || ledger.stopping()) return;
        if (options.mode === 'directory') await users.adoptMany(apply, ledger);
        else await users.addMany(apply, ledger, deps.concurrency);
      });
    },
  };
}
