import 'server-only';
import { recordAuditMany } from '@/lib/console/audit';
import type { Db } from '@/lib/db/types';
import { fieldChanges } from '@/lib/domain/audit-changes';
import type { UsersBulkAction } from '@/lib/domain/bulk-actions';
import { tokenChange } from '@/lib/domain/token-list';
import { applyRows, knownUsers } from '@/lib/imports/apply';
import type { JobEnd, JobHandler, JobWork } from '@/lib/jobs/runner';
import type { Job, JobStore, PendingRow } from '@/lib/jobs/store';
import { resultOfError } from '@/lib/sources/row-result';
import type { RowLedger, RowResult, Sources } from '@/lib/sources/types';
import { auditedRows, auditingLedger, draftBulk, type RowAudit } from './draft';

/**
 * A bulk action on users (Deactivate, Activate, Remove token, Add to group, Delete) as a job:
 * the users it acts on are taken when it is prepared (a selection, or everything a search
 * matched then) as its rows, so its confirmation states the exact count; then it runs row by
 * row through the app's sources, each row's outcome settled as it ends, and each user it changed
 * audited on its own, with the fields that changed, next to the job's own entries.
 */
export const USERS_BULK = 'users.bulk';

/** The job's options: the action and who started it (the per-user audit entries are theirs). */
export interface UsersBulkOptions {
  action: UsersBulkAction;
}

/** A draft of a bulk action on users: the addresses (a page at a time, in order, at most `max`) as its rows. */
export function draftUsersBulk(
  store: JobStore,
  draft: { appId: number; operator: { id: number; email: string }; action: UsersBulkAction; title: string },
  pages: AsyncIterable<readonly string[]> | Iterable<readonly string[]>,
  max: number,
): Promise<{ job: number; count: number }> {
  const { action, ...rest } = draft;
  return draftBulk(
    store,
    { ...rest, kind: USERS_BULK, options: { action } satisfies UsersBulkOptions },
    targetsOf(pages),
    max,
  );
}

async function* targetsOf(pages: AsyncIterable<readonly string[]> | Iterable<readonly string[]>) {
  for await (const page of pages) yield page.map((key) => ({ key }));
}

/** What a row that went as asked says in the job's results. */
const OK_MESSAGES: Record<UsersBulkAction['kind'], string> = {
  deactivate: 'Deactivated.',
  activate: 'Activated.',
  removeToken: 'Token removed.',
  addToGroup: 'Added to the group.',
  delete: 'Deleted.',
};

/** Rows a job reads at a time; each is sent in waves, a wave's outcomes written together. */
const BATCH = 500;
const WAVE = 50;

type Apply = (row: PendingRow) => Promise<{ result: RowResult; audit?: RowAudit }>;

/** `concurrency` calls at a time over `rows`, in order of their answers. */
async function eachConcurrently<T, R>(rows: readonly T[], concurrency: number, call: (row: T) => Promise<R>) {
  const out: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(concurrency, rows.length)) }, async () => {
      while (next < rows.length) out.push(await call(rows[next++]));
    }),
  );
  return out;
}

export function usersBulkHandler(deps: {
  /** The app's sources for the job's operator, or why the job may no longer run. */
  sourcesFor(work: JobWork): Promise<Sources | string>;
  db: () => Promise<Db>;
  concurrency: number;
}): JobHandler {
  return {
    async run(work: JobWork): Promise<JobEnd> {
      const { action } = work.job.options as unknown as UsersBulkOptions;
      const sources = await deps.sourcesFor(work);
      if (typeof sources === 'string') return { state: 'failed', message: sources };
      const db = await deps.db();
      const { job } = work;
      return applyRows(work, BATCH, async (rows, ledger) => {
        for (const r of rows) ledger.okMessages.set(r.n, OK_MESSAGES[action.kind]);
        if (action.kind === 'addToGroup') return addToGroup(sources, action, rows, ledger, db, job);
        const apply = await applierOf(sources, action, rows, deps.concurrency);
        for (let i = 0; i < rows.length && !ledger.stopping(); i += WAVE) {
          const wave = rows.slice(i, i + WAVE);
          await ledger.sent(wave.map((r) => r.n));
          const done = await eachConcurrently(wave, deps.concurrency, apply);
          const audits = new Map(done.flatMap((d) => (d.audit ? [[d.result.n, d.audit] as const] : [])));
          const results = done.map((d) => d.result);
          const pause = await ledger.settle(results);
          await recordAuditMany(db, auditedRows(job, results, audits, sources.users.reads));
          if (pause) return;
        }
      });
    },
  };
}

/** How each row of a batch is applied, with what the list knew of its users just before. */
async function applierOf(
  sources: Sources,
  action: Exclude<UsersBulkAction, { kind: 'addToGroup' }>,
  rows: readonly PendingRow[],
  concurrency: number,
): Promise<Apply> {
  const { users } = sources;
  const addresses = rows.map((r) => r.key);
  // As an import reads them: in one lookup where the list can, else each user looked up.
  const known = await knownUsers(users, addresses, concurrency);
  const call = async (row: PendingRow, run: () => Promise<RowAudit | undefined>) => {
    try {
      const audit = await run();
      return { result: { n: row.n, outcome: 'ok' as const }, audit };
    } catch (e) {
      return { result: resultOfError(row.n, e) };
    }
  };
  const skip = (row: PendingRow, message: string) => ({ result: { n: row.n, outcome: 'skipped' as const, message } });
  switch (action.kind) {
    case 'deactivate':
    case 'activate': {
      const active = action.kind === 'activate';
      return async (row) => {
        const before = known.get(row.key);
        if (!before) return skip(row, 'No user with this address.');
        if (before.active === active) return skip(row, active ? 'Already active.' : 'Already inactive.');
        return call(row, async () => {
          await users.save(row.key, { active });
          return {
            action: 'user.update',
            target: row.key,
            fields: fieldChanges({ active: before.active }, { active }, ['active']),
          };
        });
      };
    }
    case 'removeToken':
      return async (row) => {
        const before = known.get(row.key);
        if (!before) return skip(row, 'No user with this address.');
        // The list knows the App IDs held (the directory, a lookup): skip those without one.
        const tokens = before.tokens ?? (await users.get(row.key))?.tokens;
        if (tokens && !tokens.some((t) => t.appid === action.appid))
          return skip(row, `No token for App ID ${action.appid}.`);
        return call(row, async () => {
          await users.removeToken(row.key, action.appid);
          return {
            action: 'token.remove',
            target: `${row.key} (${action.appid})`,
            fields: [tokenChange(action.appid, tokens, undefined)],
          };
        });
      };
    case 'delete':
      return async (row) => {
        const before = known.get(row.key);
        if (!before) return skip(row, 'No user with this address.');
        return call(row, async () => {
          await users.remove(row.key);
          // What went with it: its name and state before, none after.
          type Gone = { name: string | null; active: boolean | null };
          const was: Gone = { name: before.name, active: before.active };
          return {
            action: 'user.delete',
            target: row.key,
            fields: fieldChanges<Gone>(was, { name: null, active: null }, ['name', 'active']),
          };
        });
      };
  }
}

/**
 * Add to group: the rows go to groupeditmembers in chunks, as Import members sends them (an
 * address that is not a user fails alone); each member added is audited with its permissions,
 * the value before read where the source can tell at once.
 */
async function addToGroup(
  sources: Sources,
  action: Extract<UsersBulkAction, { kind: 'addToGroup' }>,
  rows: readonly PendingRow[],
  ledger: RowLedger,
  db: Db,
  job: Job,
) {
  const { groups } = sources;
  const { gid, send, recv } = action;
  const before = await groups.memberships(
    gid,
    rows.map((r) => r.key),
  );
  // Not a member before: (none); the source cannot tell at once: not known.
  type Perms = { 'can send': boolean | null; 'can receive': boolean | null };
  const perms = (p: { send: boolean; recv: boolean } | null): Perms =>
    p === null ? { 'can send': null, 'can receive': null } : { 'can send': p.send, 'can receive': p.recv };
  const audits = new Map(
    rows.map((r) => [
      r.n,
      {
        action: 'group.members.add',
        target: `gid ${gid}: ${r.key}`,
        fields: fieldChanges(before && perms(before.get(r.key) ?? null), perms({ send, recv }), [
          'can send',
          'can receive',
        ]),
      },
    ]),
  );
  await groups.importMembers(
    gid,
    rows.map((r) => ({ n: r.n, address: r.key, send, recv })),
    auditingLedger(ledger, db, (results) => auditedRows(job, results, audits, groups.reads)),
  );
}
