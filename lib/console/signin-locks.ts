import 'server-only';
import type { Db } from '@/lib/db/types';

/**
 * Sign-in lockout, per account **and** client address: five failed passwords from one
 * address lock that account for that address only, for 15 minutes. Someone guessing from
 * one place locks only their own attempts; the operator signing in from elsewhere (and the
 * last admin) is never locked out by them. Spraying from many addresses is slowed by the
 * per-address throttle (lib/auth/throttle.ts) on top.
 *
 * An attempt is counted in one atomic upsert *before* the password is checked, so parallel
 * guesses each take their own place in the count and no more than five are ever checked.
 */
export const LOCK_AFTER_FAILURES = 5;
// Wrong authentication codes are counted as from CODE_LOCK (lib/domain/two-factor-policy.ts).
export { CODE_LOCK } from '@/lib/domain/two-factor-policy';
export const LOCK_SECONDS = 15 * 60;

const now = () => Math.floor(Date.now() / 1000);

/** Counts an attempt; true when this one may be checked, false when the account is locked for this address. */
export async function takeAttempt(db: Db, operatorId: number, address: string, t = now()): Promise<boolean> {
  const row = await db.tx((q) =>
    q.get<{ attempts: number }>(
      `INSERT INTO signin_failures (operator_id, address, attempts, window_end) VALUES (?, ?, 1, ?)
       ON CONFLICT (operator_id, address) DO UPDATE SET
         attempts = CASE WHEN signin_failures.window_end <= ? THEN 1 ELSE signin_failures.attempts + 1 END,
         window_end = CASE WHEN signin_failures.window_end <= ? THEN excluded.window_end ELSE signin_failures.window_end END
       RETURNING attempts`,
      [operatorId, address, t + LOCK_SECONDS, t, t],
    ),
  );
  return Number(row?.attempts ?? 0) <= LOCK_AFTER_FAILURES;
}

/** After a wrong password: the fifth one starts a full lock period from now. */
export async function attemptFailed(db: Db, operatorId: number, address: string, t = now()): Promise<void> {
  await db.run('UPDATE signin_failures SET window_end = ? WHERE operator_id = ? AND address = ? AND attempts >= ?', [
    t + LOCK_SECONDS,
    operatorId,
    address,
    LOCK_AFTER_FAILURES,
  ]);
}

/** After a right password: the count for this address starts again. */
export async function attemptSucceeded(db: Db, operatorId: number, address: string): Promise<void> {
  await db.run('DELETE FROM signin_failures WHERE operator_id = ? AND address = ?', [operatorId, address]);
}

export interface SignInLock {
  operatorId: number;
  address: string;
  until: number;
}

/** Locks in force now, for the Operators page. */
export async function activeLocks(db: Db, t = now()): Promise<SignInLock[]> {
  const rows = await db.all<{ operator_id: number; address: string; window_end: number }>(
    'SELECT operator_id, address, window_end FROM signin_failures WHERE attempts >= ? AND window_end > ? ORDER BY operator_id, address',
    [LOCK_AFTER_FAILURES, t],
  );
  return rows.map((r) => ({ operatorId: Number(r.operator_id), address: r.address, until: Number(r.window_end) }));
}

/** Clears every lock and count of an operator (an admin's "Unlock", a password reset). */
export async function clearLocks(db: Db, operatorId: number): Promise<number> {
  return (await db.run('DELETE FROM signin_failures WHERE operator_id = ?', [operatorId])).changes;
}

/** Forgets counts whose window ended long ago (bounded table); called now and then. */
export async function pruneLocks(db: Db, t = now()): Promise<void> {
  await db.run('DELETE FROM signin_failures WHERE window_end < ?', [t - 86_400]);
}
