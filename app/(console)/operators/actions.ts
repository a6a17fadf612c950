'use server';

import { defineAction } from '@/lib/actions/run';
import { getOperator } from '@/lib/console/operators';
import {
  addOperator,
  changeOperator,
  endOperatorSession,
  endOperatorSessions,
  limitOperatorApps,
  requireTwoFactor,
  resetPassword,
  resetTwoFactor,
  unlockOperator,
} from '@/lib/dal/operators';
import { Changed } from '@/lib/domain/audit-changes';
import { consoleDb } from '@/lib/server/db';
import { EndSessionInput, TwoFactorPolicyInput } from '@/lib/validations/account';
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

/** Require two-factor: Off, Admins or Every role; who must and has not is held at setting it up. */
export const setTwoFactorPolicyAction = defineAction(
  {
    name: 'operators.require_two_factor',
    permission: 'operators.manage',
    input: TwoFactorPolicyInput,
    target: () => 'Require two-factor',
  },
  ({ policy }) => requireTwoFactor(policy),
);

/** The operator lost its device: two-factor off, recovery codes gone, its sessions ended. */
export const resetTwoFactorAction = defineAction(
  {
    name: 'operator.two_factor.reset',
    permission: 'operators.manage',
    input: OperatorRef,
    target: operatorEmail,
    detail: (_, r) => `Two-factor sign-in reset; ${(r as { sessionsEnded: number }).sessionsEnded} session(s) ended`,
  },
  async ({ id }, actor) => ({ id, ...(await resetTwoFactor(actor, id)) }),
);

export const endOperatorSessionAction = defineAction(
  {
    name: 'operator.session.end',
    permission: 'operators.manage',
    input: EndSessionInput.extend(OperatorRef.shape),
    target: operatorEmail,
    detail: (_, ended) => {
      const s = ended as { browser: string; clientAddress: string };
      return `Signed out the session of ${s.browser} from ${s.clientAddress}`;
    },
  },
  ({ id, session }) => endOperatorSession(id, session),
);

export const endOperatorSessionsAction = defineAction(
  {
    name: 'operator.session.end_all',
    permission: 'operators.manage',
    input: OperatorRef,
    target: operatorEmail,
    detail: (_, n) => `Signed out ${n} session${n === 1 ? '' : 's'}`,
  },
  ({ id }) => endOperatorSessions(id),
);
