'use server';

import { defineAction } from '@/lib/actions/run';
import { getOperator } from '@/lib/console/operators';
import { addOperator, changeOperator, limitOperatorApps, resetPassword, unlockOperator } from '@/lib/dal/operators';
import { Changed } from '@/lib/domain/audit-changes';
import { consoleDb } from '@/lib/server/db';
import {
  CreateOperatorInput,
  OperatorAppsInput,
  OperatorRef,
  ResetPasswordInput,
  UpdateOperatorInput,
} from '@/lib/validations/operators';

/** Audit names operators by e-mail, looked up on the server (never taken from the request). */
const operatorEmail = async ({ id }: { id: number }) =>
  (await getOperator(await consoleDb(), id))?.email ?? `operator ${id}`;

export const createOperatorAction = defineAction(
  { name: 'operator.create', permission: 'operators.manage', input: CreateOperatorInput, target: (i) => i.email },
  async (input) => {
    const o = await addOperator(input);
    return { id: o.id, email: o.email, role: o.role };
  },
);

export const updateOperatorAction = defineAction(
  { name: 'operator.update', permission: 'operators.manage', input: UpdateOperatorInput, target: operatorEmail },
  async ({ id, role, disabled }, actor) => {
    const { data: o, changes } = await changeOperator(actor, id, { role, disabled });
    return new Changed({ id, email: o?.email ?? '', role: o?.role, disabled: o?.disabled }, changes);
  },
);

export const resetPasswordAction = defineAction(
  { name: 'operator.password', permission: 'operators.manage', input: ResetPasswordInput, target: operatorEmail },
  async ({ id, password }) => {
    await resetPassword(id, password);
    return { id };
  },
);

export const unlockOperatorAction = defineAction(
  { name: 'operator.unlock', permission: 'operators.manage', input: OperatorRef, target: operatorEmail },
  async ({ id }) => ({ id, cleared: await unlockOperator(id) }),
);

export const setOperatorAppsAction = defineAction(
  { name: 'operator.apps', permission: 'operators.manage', input: OperatorAppsInput, target: operatorEmail },
  async ({ id, access, apps }) => {
    const { data: o, changes } = await limitOperatorApps(id, access === 'all' ? 'all' : apps);
    return new Changed({ id, email: o?.email ?? '', apps: o?.apps ?? 'all' }, changes);
  },
);
