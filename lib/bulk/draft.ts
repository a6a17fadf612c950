import 'server-only';
import { type AuditEntry, recordAuditMany } from '@/lib/console/audit';
import type { Db, Queryable } from '@/lib/db/types';
import type { Changes, FieldChange } from '@/lib/domain/audit-changes';
import type { Job, JobStore, StagedRow } from '@/lib/jobs/store';
import type { RowLedger, RowResult } from '@/lib/sources/types';

/**
 * What every bulk action (on users, on a group's members) shares: its draft, a job whose rows
 * are the targets taken when it is prepared (so the confirmation states the exact count, and
 * targets that match later are not included), and the audit entry of each target it changed,
 * written with the row's outcome.
 */

/** A target of a bulk action: its key (an address) and what was known of it when taken. */
export interface BulkTarget {
  key: string;
  data?: Record<string, unknown>;
}

/** The draft job and its rows (pages of targets, in order, at most `max`); returns the job and its count. */
export async function draftBulk(
  store: JobStore,
  draft: {
    kind: string;
    appId: number;
    operator: { id: number; email: string };
    title: string;
    options: Record<string, unknown>;
  },
  pages: AsyncIterable<readonly BulkTarget[]> | Iterable<readonly BulkTarget[]>,
  max: number,
): Promise<{ job: number; count: number }> {
  const job = await store.create(draft);
  let n = 0;
  for await (const page of pages) {
    const rows: StagedRow[] = page.slice(0, max - n).map((t) => {
      n++;
      return { n, line: n, key: t.key, data: t.data ?? {} };
    });
    await store.stage(job, rows);
    if (n >= max) break;
  }
  await store.setSummary(job, { rows: n, invalid: 0 }, n);
  return { job, count: n };
}

/** A target's change, as its own audit entry says it (the single action's name and target). */
export interface RowAudit {
  action: string;
  target: string;
  fields: FieldChange[];
}

/**
 * The entries of the targets a job changed (or may have: no answer), each under the single
 * action's name, naming the job; never merged.
 */
export function auditedRows(
  job: Job,
  results: readonly RowResult[],
  audits: ReadonlyMap<number, RowAudit>,
  basis: Changes['basis'],
): AuditEntry[] {
  return results.flatMap((r): AuditEntry[] => {
    const a = audits.get(r.n);
    if (!a || (r.outcome !== 'ok' && r.outcome !== 'unconfirmed')) return [];
    return [
      {
        operatorId: job.operatorId,
        operatorEmail: job.operatorEmail,
        role: 'job',
        action: a.action,
        target: a.target,
        outcome: r.outcome === 'ok' ? 'ok' : 'failed',
        detail: `job ${job.id}${r.outcome === 'ok' ? '' : `: ${r.message ?? 'no answer'}`}`,
        appId: job.appId,
        changes: { basis, fields: a.fields },
        // Found by the job too: "everything job 7 did" lists each target it changed.
        subjects: [`job ${job.id}`],
      },
    ];
  });
}

/** A ledger whose rows' audit entries are written in the transaction of their outcomes. */
export function auditingLedger(
  ledger: RowLedger,
  db: Db,
  entries: (results: readonly RowResult[]) => AuditEntry[],
): RowLedger {
  return {
    stopping: () => ledger.stopping(),
    sent: (ns) => ledger.sent(ns),
    async settle(results, q?: Queryable) {
      const pause = await ledger.settle(results, q);
      await recordAuditMany(db, entries(results), q);
      return pause;
    },
  };
}
