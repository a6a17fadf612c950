import 'server-only';
import type { JobEnd, JobWork } from '@/lib/jobs/runner';
import type { PendingRow } from '@/lib/jobs/store';
import type { KnownUser, RowLedger, UsersSource } from '@/lib/sources/types';
import { problemOf } from './staging';

/**
 * How every import's job goes through its rows: in file order, a batch at a time, until none
 * are left, a cancel is asked, the lease is lost, or too many fail in a row (paused). Invalid
 * rows (there only with Skip invalid rows) are skipped with their reason; the valid ones go to
 * the import's `apply`, which settles each through the ledger (with its effect, where it can).
 */
export interface ImportLedger extends RowLedger {
  /** The message of a row that ends ok without one of its own ("Created.", "Added to the group."). */
  readonly okMessages: Map<number, string>;
}

export async function applyRows(
  work: JobWork,
  batchSize: number,
  apply: (rows: PendingRow[], ledger: ImportLedger) => Promise<void>,
): Promise<JobEnd> {
  let pause: JobEnd | undefined;
  const okMessages = new Map<number, string>();
  const ledger: ImportLedger = {
    okMessages,
    stopping: () => work.stopping() || pause !== undefined,
    sent: (ns) => work.markSent(ns),
    async settle(results, q) {
      // Written whatever came before: `pause ??= await …` would skip the rows in flight once paused.
      const end = await work.settle(
        results.map(({ n, outcome, message }) => ({
          n,
          outcome,
          message: message ?? (outcome === 'ok' ? okMessages.get(n) : undefined),
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
    const batch = await work.pending(after, batchSize);
    if (batch.length === 0) return { state: 'done' };
    after = batch[batch.length - 1].n;
    const invalid = batch.filter((r) => r.problem !== '');
    if (invalid.length)
      await ledger.settle(
        invalid.map((r) => ({ n: r.n, outcome: 'skipped', message: problemOf(r.problem)?.reason ?? r.problem })),
      );
    const valid = batch.filter((r) => r.problem === '');
    okMessages.clear();
    if (valid.length && !ledger.stopping()) await apply(valid, ledger);
  }
}

/**
 * What the app's users list knows of these addresses: in one lookup where it can (the
 * directory, the bundled backend), else each looked up through `get`, `concurrency` at a time
 * (a remote backend that lists).
 */
export async function knownUsers(users: UsersSource, addresses: readonly string[], concurrency: number) {
  const known = await users.known(addresses);
  if (known) return known;
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
