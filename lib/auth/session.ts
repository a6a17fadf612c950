import 'server-only';
import { cookies } from 'next/headers';
import { decode, type JWT } from 'next-auth/jwt';
import { cache } from 'react';
import { getOperator, type Operator } from '@/lib/console/operators';
import { can, type Permission } from '@/lib/console/roles';
import { liveSession, type SessionStage } from '@/lib/console/sessions';
import { twoFactorPolicy } from '@/lib/console/settings';
import { mustHaveTwoFactor } from '@/lib/domain/two-factor-policy';
import { env, sessionSecret } from '@/lib/env';
import { AuthError } from '@/lib/errors';
import { consoleDb } from '@/lib/server/db';
import { sessionCookieName } from './cookie';

/**
 * The signed-in operator of this request, re-read from the database on every request (cached
 * per request): a disabled operator, a changed role, a bumped session version or an ended
 * session ends it at once, on every instance. This is the guard; the proxy's redirect to
 * /login is only a convenience.
 *
 * A session has a stage (lib/console/sessions.ts): `code` while the second factor of its
 * sign-in is awaited; `setup` when the operator must have two-factor on (Require two-factor)
 * and has not, so all it may do is set it up; `full` otherwise. Only a full one is an
 * operator to every page, action and route handler (`currentOperator`).
 */
export type SignInStage = SessionStage | 'setup';

export interface SessionState {
  operator: Operator;
  stage: SignInStage;
}

/**
 * The session a token stands for, or undefined when it is over. One rule for every path that
 * reads or re-issues a token: the token must carry the session id and sign-in time given at
 * sign-in; SESSION_MAX_AGE_HOURS counts from that sign-in (re-issuing never extends it);
 * SESSION_IDLE_MINUTES counts from the session's last use; and the operator must exist, be
 * enabled and still be on the same session version. `touch`: this request counts as use.
 */
export async function sessionOfToken(claims: JWT | null, touch: boolean): Promise<SessionState | undefined> {
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
  const stage = await liveSession(db, { sid, operatorId: id }, e.SESSION_IDLE_MINUTES * 60, { touch });
  if (!stage) return undefined;
  const held = stage === 'full' && !operator.twoFactor && mustHaveTwoFactor(await twoFactorPolicy(db), operator.role);
  return { operator: { ...operator, sessionId: sid }, stage: held ? 'setup' : stage };
}

/** This request's session, whatever its stage (the sign-in's steps read it). */
export const currentSession = cache(async (): Promise<SessionState | undefined> => {
  const raw = (await cookies()).get(sessionCookieName())?.value;
  if (!raw) return undefined;
  const claims = await decode({ token: raw, secret: sessionSecret() }).catch(() => null);
  return sessionOfToken(claims, true);
});

/** The operator of a whole session: the only one any page, action or route handler serves. */
export const currentOperator = cache(async (): Promise<Operator | undefined> => {
  const session = await currentSession();
  return session?.stage === 'full' ? session.operator : undefined;
});

/** The operator of a whole session, or of one held at setting up two-factor (its setup's actions). */
export const settingUpOperator = cache(async (): Promise<Operator | undefined> => {
  const session = await currentSession();
  return session?.stage === 'full' || session?.stage === 'setup' ? session.operator : undefined;
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
