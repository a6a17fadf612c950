import 'server-only';
import { createHash } from 'node:crypto';
import { endSession, listSessions, type SessionRow, type SessionStage } from '@/lib/console/sessions';
import type { Db } from '@/lib/db/types';
import { browserName } from '@/lib/domain/browser-name';
import { env } from '@/lib/env';
import { ConsoleError } from '@/lib/errors';

/**
 * Sessions as the Account page and an operator's Sessions page show them. The browser never
 * gets a session's id: each row carries a handle derived from it (a hash), which names the
 * session to end and opens nothing.
 */
export interface SessionView {
  handle: string;
  /** The session of this request. */
  current: boolean;
  /** `code`: the password was right and the second factor is still awaited. */
  stage: SessionStage;
  startedTs: number;
  lastUsedTs: number;
  clientAddress: string;
  browser: string;
}

const handleOf = (sid: string) => createHash('sha256').update(`session ${sid}`).digest('base64url').slice(0, 22);

function liveSessions(db: Db, operatorId: number): Promise<SessionRow[]> {
  const e = env();
  return listSessions(db, operatorId, {
    idleSeconds: e.SESSION_IDLE_MINUTES * 60,
    maxAgeSeconds: e.SESSION_MAX_AGE_HOURS * 3600,
  });
}

const toView = (s: SessionRow, currentSid?: string): SessionView => ({
  handle: handleOf(s.sid),
  current: s.sid === currentSid,
  stage: s.stage,
  startedTs: s.createdTs,
  lastUsedTs: s.lastSeen,
  clientAddress: s.clientAddress || 'unknown',
  browser: browserName(s.userAgent),
});

export async function sessionViews(db: Db, operatorId: number, currentSid?: string): Promise<SessionView[]> {
  return (await liveSessions(db, operatorId)).map((s) => toView(s, currentSid));
}

/**
 * Ends the operator's session named by `handle`; what it was, for the audit entry. `keep`: a
 * session that must not be ended this way (the one making the request: that is Sign out).
 */
export async function endSessionByHandle(
  db: Db,
  operatorId: number,
  handle: string,
  keep?: string,
): Promise<SessionView> {
  const found = (await liveSessions(db, operatorId)).find((s) => handleOf(s.sid) === handle);
  if (found && found.sid === keep)
    throw new ConsoleError('conflict', 'This is the session you are using.', 'Use Sign out instead.');
  if (!found || !(await endSession(db, { sid: found.sid, operatorId })))
    throw new ConsoleError('not_found', 'That session has ended already.', 'The list shows the sessions still open.');
  return toView(found);
}
