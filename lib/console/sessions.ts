import 'server-only';
import type { Db } from '@/lib/db/types';

/**
 * Console sessions in the database, keyed by the session id (`sid`) the sign-in puts in
 * the token. next-auth re-issues the token (a fresh `jti`, a fresh expiry) whenever
 * /api/auth/session is read, so neither can say how old or how idle a session is; the
 * `sid` and the sign-in time ride along unchanged, and this table holds last use.
 *
 * A session is over when its row is missing, belongs to another operator, or has not been
 * used for `idleSeconds`. Last use is written at most once a minute per session, so
 * browsing costs one primary-key read per request.
 */
const TOUCH_EVERY_S = 60;
const now = () => Math.floor(Date.now() / 1000);

export interface SessionRef {
  sid: string;
  operatorId: number;
}

/** At sign-in. */
export async function startSession(db: Db, s: SessionRef, t = now()): Promise<void> {
  await db.run('INSERT INTO operator_sessions (jti, operator_id, created_ts, last_seen) VALUES (?, ?, ?, ?)', [
    s.sid,
    s.operatorId,
    t,
    t,
  ]);
}

/**
 * Whether the session is live; with `touch`, a live one counts this request as use.
 * (The row of a session that went idle stays, so it can never come back.)
 */
export async function sessionIsLive(
  db: Db,
  s: SessionRef,
  idleSeconds: number,
  options: { touch: boolean; now?: number },
): Promise<boolean> {
  const t = options.now ?? now();
  const row = await db.get<{ operator_id: number; last_seen: number }>(
    'SELECT operator_id, last_seen FROM operator_sessions WHERE jti = ?',
    [s.sid],
  );
  if (!row || Number(row.operator_id) !== s.operatorId) return false;
  if (t - Number(row.last_seen) > idleSeconds) return false;
  if (options.touch && t - Number(row.last_seen) >= TOUCH_EVERY_S) {
    await db.run('UPDATE operator_sessions SET last_seen = ? WHERE jti = ?', [t, s.sid]);
  }
  return true;
}

/** Forgets sessions that ended long ago (keeps the table small); called at sign-in now and then. */
export async function pruneSessions(db: Db, olderThanSeconds: number, t = now()): Promise<void> {
  await db.run('DELETE FROM operator_sessions WHERE last_seen < ?', [t - olderThanSeconds]);
}
