import 'server-only';
import { cookies } from 'next/headers';
import { decode, type JWT } from 'next-auth/jwt';
import { cache } from 'react';
import { getOperator, type Operator } from '@/lib/console/operators';
import { can, type Permission } from '@/lib/console/roles';
import { sessionIsLive } from '@/lib/console/sessions';
import { env, sessionSecret } from '@/lib/env';
import { AuthError } from '@/lib/errors';
import { consoleDb } from '@/lib/server/db';
import { sessionCookieName } from './cookie';

/**
 * The signed-in operator of this request, re-read from the database on every request (cached
 * per request): a disabled operator, a changed role or a bumped session version ends the
 * session at once. This is the guard; the proxy's redirect to /login is only a convenience.
 */
/**
 * The operator a session token stands for, or undefined when the session is over. One rule
 * for every path that reads or re-issues a token: the token must carry the session id and
 * sign-in time given at sign-in; SESSION_MAX_AGE_HOURS counts from that sign-in (re-issuing
 * never extends it); SESSION_IDLE_MINUTES counts from the session's last use; and the
 * operator must exist, be enabled and still be on the same session version.
 * `touch`: this request counts as use of the session.
 */
export async function operatorOfToken(claims: JWT | null, touch: boolean): Promise<Operator | undefined> {
  const id = Number(claims?.sub);
  const sid = claims?.sid;
  const authTime = claims?.authTime;
  if (!claims || !Number.isSafeInteger(id) || typeof sid !== 'string' || typeof authTime !== 'number') return undefined;
  const e = env();
  const t = Math.floor(Date.now() / 1000);
  if (t - authTime >= e.SESSION_MAX_AGE_HOURS * 3600 || authTime > t + 60) return undefined;
  const db = await consoleDb();
  const operator = await getOperator(db, id);
  if (!operator || operator.disabled || operator.sessionVersion !== claims.sv) return undefined;
  if (!(await sessionIsLive(db, { sid, operatorId: id }, e.SESSION_IDLE_MINUTES * 60, { touch }))) return undefined;
  return { ...operator, sessionId: sid };
}

export const currentOperator = cache(async (): Promise<Operator | undefined> => {
  const raw = (await cookies()).get(sessionCookieName())?.value;
  if (!raw) return undefined;
  const claims = await decode({ token: raw, secret: sessionSecret() }).catch(() => null);
  return operatorOfToken(claims, true);
});

/** The operator, or AuthError('unauthorized'). */
export async function requireOperator(): Promise<Operator> {
  const operator = await currentOperator();
  if (!operator) throw new AuthError('unauthorized');
  return operator;
}

/** The operator if its role has `permission`, else AuthError. */
export async function requirePermission(permission: Permission): Promise<Operator> {
  const operator = await requireOperator();
  if (!can(operator.role, permission)) throw new AuthError('forbidden', permission);
  return operator;
}

declare module 'next-auth/jwt' {
  interface JWT {
    role?: import('@/lib/console/roles').Role;
    /** The operator's session version at sign-in. */
    sv?: number;
    /** The session id given at sign-in; stays the same when the token is re-issued. */
    sid?: string;
    /** Sign-in time, epoch seconds; stays the same when the token is re-issued. */
    authTime?: number;
  }
}
