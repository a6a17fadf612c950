import 'server-only';
import { ConsoleError } from '@/lib/actions/run';
import type { Role } from '@/lib/auth/roles';
import { requireOperator, requirePermission } from '@/lib/auth/session';
import { consoleDb } from '@/lib/console/db';
import {
  createOperator,
  getOperator,
  listOperators,
  type Operator,
  OperatorExistsError,
  setPassword,
  updateOperator,
  verifyCredentials,
} from '@/lib/console/operators';

export type OperatorRow = Operator;

// operators.manage
export async function readOperators() {
  await requirePermission('operators.manage');
  return listOperators(await consoleDb());
}

// operators.manage
export async function addOperator(input: { email: string; name: string; role: Role; password: string }) {
  await requirePermission('operators.manage');
  try {
    return await createOperator(await consoleDb(), input);
  } catch (e) {
    if (e instanceof OperatorExistsError)
      throw new ConsoleError('conflict', `An operator with e-mail ${input.email} already exists.`);
    throw e;
  }
}

/** operators.manage; refuses to leave the console without an enabled admin. */
export async function changeOperator(actor: Operator, id: number, change: { role?: Role; disabled?: boolean }) {
  await requirePermission('operators.manage');
  const db = await consoleDb();
  const target = await getOperator(db, id);
  if (!target) throw new ConsoleError('not_found', 'No such operator.');
  const losesAdmin =
    target.role === 'admin' &&
    !target.disabled &&
    ((change.role && change.role !== 'admin') || change.disabled === true);
  if (losesAdmin) {
    const admins = (await listOperators(db)).filter((o) => o.role === 'admin' && !o.disabled);
    if (admins.length <= 1)
      throw new ConsoleError('conflict', 'This is the last enabled admin.', 'Make another operator an admin first.');
  }
  if (target.id === actor.id && change.disabled) throw new ConsoleError('conflict', 'You cannot disable yourself.');
  return updateOperator(db, id, change);
}

// operators.manage
export async function resetPassword(id: number, password: string) {
  await requirePermission('operators.manage');
  if (!(await setPassword(await consoleDb(), id, password))) throw new ConsoleError('not_found', 'No such operator.');
}

// any signed-in operator, for itself: the current password must be right (wrong tries count
// toward the account lock, as at sign-in); the change ends every session of the operator.
export async function changeOwnPassword(current: string, password: string) {
  const operator = await requireOperator();
  const db = await consoleDb();
  const check = await verifyCredentials(db, operator.email, current);
  if (!check.ok)
    throw new ConsoleError(
      'invalid',
      'Your current password is not right.',
      'Type it again. Five wrong tries lock the account for 15 minutes.',
    );
  await setPassword(db, operator.id, password);
}
