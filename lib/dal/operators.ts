import 'server-only';
import { requestClientAddress } from '@/lib/auth/request';
import { requireOperator, requirePermission } from '@/lib/auth/session';
import {
  createOperator,
  getOperator,
  LastAdminError,
  listOperators,
  type Operator,
  OperatorExistsError,
  setOperatorApps,
  setPassword,
  updateOperator,
  verifyCredentials,
} from '@/lib/console/operators';
import type { Role } from '@/lib/console/roles';
import { endOtherSessions } from '@/lib/console/sessions';
import { setTwoFactorPolicy, twoFactorPolicy } from '@/lib/console/settings';
import { activeLocks, clearLocks } from '@/lib/console/signin-locks';
import { Changed, fieldChanges } from '@/lib/domain/audit-changes';
import { TWO_FACTOR_POLICY_WORDS, type TwoFactorPolicy } from '@/lib/domain/two-factor-policy';
import { ConsoleError } from '@/lib/errors';
import { appRegistry } from '@/lib/server/apps';
import { consoleDb } from '@/lib/server/db';
import { twoFactorStore } from '@/lib/server/two-factor';
import { endSessionByHandle, type SessionView, sessionViews } from './sessions';

/** An operator as the Operators page shows it (nothing else crosses), with the sign-in locks in force. */
export type OperatorRow = Pick<
  Operator,
  'id' | 'email' | 'name' | 'role' | 'disabled' | 'lastSignInTs' | 'apps' | 'twoFactor'
> & {
  locks: { address: string; until: number }[];
};

export async function readOperators(): Promise<OperatorRow[]> {
  await requirePermission('operators.manage');
  const db = await consoleDb();
  const [operators, locks] = await Promise.all([listOperators(db), activeLocks(db)]);
  return operators.map((o) => ({
    id: o.id,
    email: o.email,
    name: o.name,
    role: o.role,
    disabled: o.disabled,
    lastSignInTs: o.lastSignInTs,
    apps: o.apps,
    twoFactor: o.twoFactor,
    locks: locks.filter((l) => l.operatorId === o.id).map(({ address, until }) => ({ address, until })),
  }));
}

/** Clears every sign-in lock of the operator (from every address). */
export async function unlockOperator(id: number): Promise<number> {
  await requirePermission('operators.manage');
  const db = await consoleDb();
  if (!(await getOperator(db, id))) throw new ConsoleError('not_found', 'No such operator.');
  return clearLocks(db, id);
}

export async function addOperator(input: { email: string; name: string; role: Role; password: string }) {
  await requirePermission('operators.manage');
  try {
    return await createOperator(await consoleDb(), input);
  } catch (e) {
    if (e instanceof OperatorExistsError)
      throw new ConsoleError('conflict', `${input.email} is already an operator.`, { field: 'email' });
    throw e;
  }
}

/** Refuses to leave the console without an enabled admin, or an admin disabling itself. */
export async function changeOperator(actor: Operator, id: number, change: { role?: Role; disabled?: boolean }) {
  await requirePermission('operators.manage');
  const db = await consoleDb();
  const target = await getOperator(db, id);
  if (!target) throw new ConsoleError('not_found', 'No such operator.');
  if (target.id === actor.id && change.disabled) throw new ConsoleError('conflict', 'You cannot disable yourself.');
  try {
    const changed = await updateOperator(db, id, change);
    const fields = (['role', 'disabled'] as const).filter((f) => change[f] !== undefined);
    return new Changed(changed, { basis: 'console', fields: changed ? fieldChanges(target, changed, fields) : [] });
  } catch (e) {
    if (e instanceof LastAdminError)
      throw new ConsoleError('conflict', 'This is the last enabled admin.', 'Make another operator an admin first.');
    throw e;
  }
}

export async function resetPassword(id: number, password: string) {
  await requirePermission('operators.manage');
  if (!(await setPassword(await consoleDb(), id, password))) throw new ConsoleError('not_found', 'No such operator.');
}

/**
 * Any signed-in operator, for itself: the current password must be right (wrong tries count
 * toward the account lock, as at sign-in); the change ends every session of the operator.
 */
export async function changeOwnPassword(current: string, password: string) {
  const operator = await requireOperator();
  const db = await consoleDb();
  const check = await verifyCredentials(db, operator.email, current, await requestClientAddress());
  if (!check.ok)
    throw new ConsoleError(
      'invalid',
      'Your current password is not right.',
      'Type it again. Five wrong tries lock the account for 15 minutes.',
    );
  await setPassword(db, operator.id, password);
}

/**
 * Limits the operator to some apps, or lets it use every app; its sessions end (what it may
 * see changed). Admins manage apps and operators, so they are never limited.
 */
export async function limitOperatorApps(id: number, apps: 'all' | number[]) {
  await requirePermission('operators.manage');
  const db = await consoleDb();
  const target = await getOperator(db, id);
  if (!target) throw new ConsoleError('not_found', 'No such operator.');
  if (target.role === 'admin' && apps !== 'all')
    throw new ConsoleError('conflict', 'Admins always use every app.', 'Give the operator another role first.');
  if (apps !== 'all') {
    const known = new Set((await (await appRegistry()).list()).map((a) => a.id));
    const unknown = apps.filter((a) => !known.has(a));
    if (unknown.length)
      throw new ConsoleError('invalid', `No such app: ${unknown.join(', ')}. Reload the page.`, { field: 'apps' });
  }
  const changed = await setOperatorApps(db, id, apps);
  // App access in words: "every app", or the apps by name.
  const names = new Map((await (await appRegistry()).list()).map((a) => [a.id, a.name]));
  const access = (o: { apps: 'all' | number[] }) => ({
    apps: o.apps === 'all' ? 'every app' : o.apps.map((a) => names.get(a) ?? `app ${a}`).join(', ') || 'no app',
  });
  return new Changed(changed, {
    basis: 'console',
    fields: changed ? fieldChanges(access(target), access(changed), ['apps']) : [],
  });
}

/** Who must have two-factor on (Require two-factor on the Operators page). */
export async function readTwoFactorPolicy(): Promise<TwoFactorPolicy> {
  await requirePermission('operators.manage');
  return twoFactorPolicy(await consoleDb());
}

export async function requireTwoFactor(policy: TwoFactorPolicy) {
  await requirePermission('operators.manage');
  const before = await setTwoFactorPolicy(await consoleDb(), policy);
  const words = (p: TwoFactorPolicy) => ({ 'require two-factor': TWO_FACTOR_POLICY_WORDS[p] });
  return new Changed(
    { policy },
    { basis: 'console', fields: fieldChanges(words(before), words(policy), ['require two-factor']) },
  );
}

async function existingOperator(id: number): Promise<Operator> {
  await requirePermission('operators.manage');
  const target = await getOperator(await consoleDb(), id);
  if (!target) throw new ConsoleError('not_found', 'No such operator.');
  return target;
}

/** An operator's open sessions, for an admin (its Sessions page). */
export async function readOperatorSessions(id: number): Promise<{ operator: OperatorRow; sessions: SessionView[] }> {
  const me = await requirePermission('operators.manage');
  const target = (await readOperators()).find((o) => o.id === id);
  if (!target) throw new ConsoleError('not_found', 'No such operator.');
  return { operator: target, sessions: await sessionViews(await consoleDb(), id, me.sessionId) };
}

/** An admin ends one session of an operator's: what it was, for the audit log. */
export async function endOperatorSession(id: number, handle: string): Promise<SessionView> {
  await existingOperator(id);
  return endSessionByHandle(await consoleDb(), id, handle);
}

/** An admin ends every session of an operator's (its own too, when it is the operator); how many. */
export async function endOperatorSessions(id: number): Promise<number> {
  await existingOperator(id);
  return endOtherSessions(await consoleDb(), id);
}

/**
 * Reset two-factor (the operator lost its device): off, recovery codes gone, every session
 * ended, code locks cleared. It sets two-factor up again after its password; where Require
 * two-factor applies to it, it is held at that setup.
 */
export async function resetTwoFactor(actor: Operator, id: number): Promise<{ sessionsEnded: number }> {
  const target = await existingOperator(id);
  if (target.id === actor.id)
    throw new ConsoleError(
      'conflict',
      'Reset is for another operator’s two-factor.',
      'Turn yours off on your Account page.',
    );
  if (!(await (await twoFactorStore()).turnOff(id)))
    throw new ConsoleError('conflict', `Two-factor sign-in of ${target.email} is off already.`);
  const db = await consoleDb();
  await clearLocks(db, id);
  return { sessionsEnded: await endOtherSessions(db, id) };
}
