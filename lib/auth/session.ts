import 'server-only';
import { cookies } from 'next/headers';
import { decode } from 'next-auth/jwt';
import { cache } from 'react';
import { consoleDb } from '@/lib/console/db';
import { getOperator, type Operator } from '@/lib/console/operators';
import { touchSession } from '@/lib/console/sessions';
import { env } from '@/lib/env';
import { authOptions, sessionCookieName } from './options';
import { can, type Permission } from './roles';

/**
 * The signed-in operator of this request, re-read from the database on every request (cached
 * per request): a disabled operator, a changed role or a bumped session version ends the
 * session at once. This is the guard; the proxy's redirect to /login is only a convenience.
 */
export class AuthError extends Error {
  constructor(
    readonly kind: 'unauthorized' | 'forbidden',
    readonly permission?: Permission,
  ) {
    super(kind === 'unauthorized' ? 'Sign in to continue.' : 'Your role does not allow this.');
  }
}

export const currentOperator = cache(async (): Promise<Operator | undefined> => {
  const jar = await cookies();
  const raw = jar.get(sessionCookieName())?.value;
  if (!raw) return undefined;
  const claims = await decode({ token: raw, secret: authOptions().secret ?? '' }).catch(() => null);
  const id = Number(claims?.sub);
  if (!claims || !Number.isSafeInteger(id)) return undefined;
  const db = await consoleDb();
  const operator = await getOperator(db, id);
  if (!operator || operator.disabled || operator.sessionVersion !== claims.sv) return undefined;
  const jti = typeof claims.jti === 'string' ? claims.jti : undefined;
  if (!jti || !(await touchSession(db, { jti, operatorId: id }, env().SESSION_IDLE_MINUTES * 60))) return undefined;
  return operator;
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
