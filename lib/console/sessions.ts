import 'server-only';
import type { Db } from '@/lib/backend/db/types';

/**
 * Idle timeout for console sessions. A session (identified by its token's `jti`) that has
 * not been used for `idleSeconds` is over, even though its cookie is still within the
 * absolute lifetime. Last use is written at most once a minute per session, so browsing
 * costs one primary-key read per request.
 */
const TOUCH_EVERY_S = 60;

export async function touchSession(
  db: Db,
  session: { jti: string; operatorId: number },
  idleSeconds: number,
  now = Math.floor(Date.now() / 1000),
): Promise<boolean> {
  const row = await db.get<{ operator_id: number; last_seen: number }>(
    'SELECT operator_id, last_seen FROM operator_sessions WHERE jti = ?',
    [session.jti],
  );
  if (!row) {
    await db.run(
      'INSERT INTO operator_sessions (jti, operator_id, created_ts, last_seen) VALUES (?, ?, ?, ?) ON CONFLICT (jti) DO NOTHING',
      [session.jti, session.operatorId, now, now],
    );
    return true;
  }
  if (Number(row.operator_id) !== session.operatorId) return false;
  // The row stays: a session that went idle must not come back as a "new" one.
  if (now - Number(row.last_seen) > idleSeconds) return false;
  if (now - Number(row.last_seen) >= TOUCH_EVERY_S) {
    await db.run('UPDATE operator_sessions SET last_seen = ? WHERE jti = ?', [now, session.jti]);
  }
  return true;
}
