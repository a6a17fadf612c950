'use server';

import { cookies } from 'next/headers';
import { z } from 'zod';
import { defineAction } from '@/lib/actions/run';
import { sessionCookieName } from '@/lib/auth/cookie';
import type { Operator } from '@/lib/console/operators';
import { RECOVERY_CODE_COUNT } from '@/lib/console/two-factor';
import {
  beginTwoFactor,
  endOwnOtherSessions,
  endOwnSession,
  renewRecoveryCodes,
  turnOffTwoFactor,
  turnOnTwoFactor,
} from '@/lib/dal/account';
import { changeOwnPassword } from '@/lib/dal/operators';
import { EndSessionInput, SecondFactorInput, TurnOnTwoFactorInput } from '@/lib/validations/account';
import { ChangeOwnPasswordInput } from '@/lib/validations/operators';

/**
 * The Account page's actions: for any signed-in operator, on its own account only (the
 * session says whose; no input names an operator). Turning two-factor on is also open to a
 * sign-in held at setting it up (Require two-factor).
 */
const anyOperator = { anyOf: [], needs: () => [] };
/** Its entries name the operator's e-mail: they show in its History. */
const own = (_: unknown, operator: Operator) => operator.email;

/** Any signed-in operator changes its own password; every session of it ends (sign in again). */
export const changeOwnPasswordAction = defineAction(
  { name: 'operator.password.own', permission: anyOperator, input: ChangeOwnPasswordInput, target: own },
  async ({ current, password }) => {
    await changeOwnPassword(current, password);
    (await cookies()).delete(sessionCookieName());
    return { changed: true };
  },
);

export const beginTwoFactorAction = defineAction(
  { name: 'operator.two_factor.setup', permission: anyOperator, input: z.object({}), target: own, session: 'setup' },
  () => beginTwoFactor(),
);

export const turnOnTwoFactorAction = defineAction(
  {
    name: 'operator.two_factor.on',
    permission: anyOperator,
    input: TurnOnTwoFactorInput,
    target: own,
    session: 'setup',
    detail: () => `Two-factor sign-in turned on, with ${RECOVERY_CODE_COUNT} new recovery codes`,
  },
  async ({ code }) => ({ recoveryCodes: await turnOnTwoFactor(code) }),
);

export const turnOffTwoFactorAction = defineAction(
  { name: 'operator.two_factor.off', permission: anyOperator, input: SecondFactorInput, target: own },
  async ({ code }) => {
    await turnOffTwoFactor(code);
    return { off: true };
  },
);

export const renewRecoveryCodesAction = defineAction(
  {
    name: 'operator.two_factor.recovery_codes',
    permission: anyOperator,
    input: SecondFactorInput,
    target: own,
    detail: () => 'New recovery codes; the old ones no longer work',
  },
  async ({ code }) => ({ recoveryCodes: await renewRecoveryCodes(code) }),
);

export const endOwnSessionAction = defineAction(
  {
    name: 'auth.session.end',
    permission: anyOperator,
    input: EndSessionInput,
    target: own,
    detail: (_, ended) => {
      const s = ended as { browser: string; clientAddress: string };
      return `Signed out the session of ${s.browser} from ${s.clientAddress}`;
    },
  },
  ({ session }) => endOwnSession(session),
);

export const endOtherSessionsAction = defineAction(
  {
    name: 'auth.session.end_others',
    permission: anyOperator,
    input: z.object({}),
    target: own,
    detail: (_, n) => `Signed out ${n} other session${n === 1 ? '' : 's'}`,
  },
  async () => endOwnOtherSessions(),
);
