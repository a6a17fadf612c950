import 'server-only';
import type { MigrationLog } from '@/lib/db/migrate';
import type { Db, Queryable } from '@/lib/db/types';
import { targetSubjects } from '@/lib/domain/audit-targets';
import { MAX_BULK_MEMBERS } from '@/lib/domain/limits';

/*
 * The audit log's index by target (migration 26): each entry's subjects, a row each, so that
 * "everything done to maya.ro@example.org" reads that subject's rows newest first however large
 * the log. An entry's subjects are what its target names, and any the action adds (every address
 * of a bulk add, where the target lists only the first five).
 */

/** A bulk add's addresses and its group: a bound all the same, whatever an action passes. */
const MAX_SUBJECTS = MAX_BULK_MEMBERS + 1;

/** An entry's subjects: lower case (support types addresses in any case), each once. */
export function subjectsOf(action: string, target: string, extra: readonly string[] = []): string[] {
  return [...new Set([...targetSubjects(action, target), ...extra.map((s) => s.toLowerCase())])]
    .filter((s) => s.length > 0 && s.length <= 320)
    .slice(0, MAX_SUBJECTS);
}

/** Keeps entries' subjects, `[subject, entry id]` (in the transaction of their entries' insert). */
export async function keepSubjects(q: Queryable, rows: readonly (readonly [string, number])[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await q.run(
      `INSERT INTO audit_subjects (subject, audit_id) VALUES ${chunk.map(() => '(?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
      chunk.flat(),
    );
  }
}

const BACKFILL_CHUNK = 5000;

/**
 * After migration 26, at every start (cheap once done): the subjects of the entries written
 * before it, newest first (recent history becomes searchable first), 5,000 entries a
 * transaction, the progress kept so that a restart goes on where it stopped.
 */
export async function backfillAuditSubjects(db: Db, log: MigrationLog): Promise<void> {
  let done = 0;
  for (;;) {
    const more = await db.tx(async (q) => {
      const below = Number((await q.get<{ below: number }>('SELECT below FROM audit_subjects_backfill'))?.below ?? 0);
      if (below <= 0) return false;
      const rows = await q.all<{ id: number; action: string; target: string }>(
        'SELECT id, action, target FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?',
        [below, BACKFILL_CHUNK],
      );
      await keepSubjects(
        q,
        rows.flatMap((r) => subjectsOf(r.action, r.target).map((s) => [s, Number(r.id)] as const)),
      );
      const oldest = rows.length ? Number(rows[rows.length - 1].id) : 0;
      await q.run('UPDATE audit_subjects_backfill SET below = ?', [rows.length < BACKFILL_CHUNK ? 0 : oldest]);
      done += rows.length;
      return rows.length === BACKFILL_CHUNK;
    });
    if (!more) break;
    if (done % 50_000 === 0)
      log.info?.({ done }, `audit log: ${done.toLocaleString('en')} entries given their targets`);
  }
  if (done) log.info?.({ done }, `audit log: ${done.toLocaleString('en')} earlier entries given their targets (once)`);
}
