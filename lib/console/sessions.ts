import 'server-only';
import type { Db } from '@/lib/db/types';

/**
 * Console sessions in the database, keyed by the session id (`sid`) the sign-in puts in
 * the token. next-auth re-issues the token (a fresh `jti`, a fresh expiry) whenever
 * /api/auth/session is read, so neither can say how old or how idle a session is; the
 * `sid` and the sign-in time ride along unchanged, and this table holds last use.
 *
 * A session is over when its row is missing (signed out, ended from the Account or the
 * Operators page), belongs to another operator, or has not been used for `idleSeconds`.
 * Every instance reads the row on every request, so ending one takes effect on the next
 * request everywhere. Last use is written at most once a minute per session, so browsing
 * costs one primary-key read per request.
 *
 * Its stage: `code` after a right password while the operator's second factor is awaited
 * (for at most SIGN_IN_STEP_SECONDS), then `full`.
 */
const TOUCH_EVERY_S = 60;
/** How long the second step of a sign-in may take before the password must be typed again. */
export const SIGN_IN_STEP_SECONDS = 10 * 60;
const now = () => Math.floor(Date.now() / 1000);

export type SessionStage = 'code' | 'full';

export interface SessionRef {
  sid: string;
  operatorId: number;
}

/** Where a session was started from, as the Account and Operators pages show it. */
export interface SessionOrigin {
  stage: SessionStage;
  /** The operator's session version at sign-in (only sessions of the current one are listed). */
  version: number;
  clientAddress: string;
  userAgent: string;
}

export interface SessionRow {
  sid: string;
  stage: SessionStage;
  createdTs: number;
  lastSeen: number;
  clientAddress: string;
  userAgent: string;
}

/** At sign-in. */
export async function startSession(db: Db, s: SessionRef, origin: SessionOrigin, t = now()): Promise<void> {
  await db.run(
    `INSERT INTO operator_sessions (jti, operator_id, created_ts, last_seen, stage, version, client_address, user_agent)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [s.sid, s.operatorId, t, t, origin.stage, origin.version, origin.clientAddress, origin.userAgent.slice(0, 512)],
  );
}

/**
 * The stage of a live session, or undefined when it is over; with `touch`, a live one counts
 * this request as use. (The row of a session that went idle stays, so it can never come back.)
 */
export async function liveSession(
  db: Db,
  s: SessionRef,
  idleSeconds: number,
  options: { touch: boolean; now?: number },
): Promise<SessionStage | undefined> {
  const t = options.now ?? now();
  const row = await db.get<{ operator_id: number; last_seen: number; created_ts: number; stage: SessionStage }>(
    'SELECT operator_id, last_seen, created_ts, stage FROM operator_sessions WHERE jti = ?',
    [s.sid],
  );
  if (!row || Number(row.operator_id) !== s.operatorId) return undefined;
  if (t - Number(row.last_seen) > idleSeconds) return undefined;
  if (row.stage !== 'full' && t - Number(row.created_ts) > SIGN_IN_STEP_SECONDS) return undefined;
  if (options.touch && t - Number(row.last_seen) >= TOUCH_EVERY_S) {
    await db.run('UPDATE operator_sessions SET last_seen = ? WHERE jti = ?', [t, s.sid]);
  }
  return row.stage === 'full' ? 'full' : 'code';
}

/** The second factor was right: the session is a whole one. False when it was over meanwhile. */
export async function completeSession(db: Db, s: SessionRef, t = now()): Promise<boolean> {
  const r = await db.run(
    "UPDATE operator_sessions SET stage = 'full', last_seen = ? WHERE jti = ? AND operator_id = ? AND stage = 'code'",
    [t, s.sid, s.operatorId],
  );
  return r.changes === 1;
}

/**
 * The operator's sessions that may still be used, newest use first: not idle, not older than
 * `maxAgeSeconds`, begun under its current session version (a password change, a role change
 * or a disable ended the others). A second step past its time is left out.
 */
export async function listSessions(
  db: Db,
  operatorId: number,
  limits: { idleSeconds: number; maxAgeSeconds: number },
  t = now(),
): Promise<SessionRow[]> {
  const rows = await db.all<{
    jti: string;
    stage: SessionStage;
    created_ts: number;
    last_seen: number;
    client_address: string;
    user_agent: string;
  }>(
    `SELECT s.jti, s.stage, s.created_ts, s.last_seen, s.client_address, s.user_agent
       FROM operator_sessions s JOIN operators o ON o.id = s.operator_id
      WHERE s.operator_id = ? AND s.version = o.session_version AND s.last_seen >= ? AND s.created_ts > ?
        AND (s.stage = 'full' OR s.created_ts >= ?)
      ORDER BY s.last_seen DESC, s.created_ts DESC`,
    [operatorId, t - limits.idleSeconds, t - limits.maxAgeSeconds, t - SIGN_IN_STEP_SECONDS],
  );
  return rows.map((r) => ({
    sid: r.jti,
    stage: r.stage === 'full' ? 'full' : 'code',
    createdTs: Number(r.created_ts),
    lastSeen: Number(r.last_seen),
    clientAddress: r.client_address,
    userAgent: r.user_agent,
  }));
}

/** Ends one session of the operator; false when it was not (or no longer) there. */
export async function endSession(db: Db, s: SessionRef): Promise<boolean> {
  const r = await db.run('DELETE FROM operator_sessions WHERE jti = ? AND operator_id = ?', [s.sid, s.operatorId]);
  return r.changes === 1;
}

/** Ends every session of the operator but `keep` (none: every one). Returns how many ended. */
export async function endOtherSessions(db: Db, operatorId: number, keep?: string): Promise<number> {
  const r = keep
    ? await db.run('DELETE FROM operator_sessions WHERE operator_id = ? AND jti <> ?', [operatorId, keep])
    : await db.run('DELETE FROM operator_sessions WHERE operator_id = ?', [operatorId]);
  return r.changes;
}

/** Forgets sessions that ended long ago (keeps the table small); called at sign-in now and then. */
export async function pruneSessions(db: Db, olderThanSeconds: number, t = now()): Promise<void> {
  await db.run('DELETE FROM operator_sessions WHERE last_seen < ?', [t - olderThanSeconds]);
}
