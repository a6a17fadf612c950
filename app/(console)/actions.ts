'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { defineAction } from '@/lib/actions/run';
import { auditRequest } from '@/lib/auth/audit-entry';
import { sessionCookieName } from '@/lib/auth/cookie';
import { isSameOrigin } from '@/lib/auth/request';
import { currentOperator } from '@/lib/auth/session';
import { endSessions } from '@/lib/console/operators';
import { changeOwnPassword } from '@/lib/dal/operators';
import { consoleDb } from '@/lib/server/db';
import { ChangeOwnPasswordInput } from '@/lib/validations/operators';

/** Signs out: ends every session of this operator (the cookie alone would stay valid until it expires). */
export async function signOutAction(): Promise<void> {
  const operator = await currentOperator();
  const refused = (detail: string) =>
    auditRequest(
      { operator },
      { action: 'authz.denied', target: 'auth.signout', outcome: 'denied', detail },
      'repeatable',
    );
  if (!operator) await refused('Not signed in');
  else if (!(await isSameOrigin())) {
    await refused('Cross-origin request');
    return; // a forged sign-out changes nothing
  } else {
    await endSessions(await consoleDb(), operator.id);
    await auditRequest({ operator }, { action: 'auth.signout', target: operator.email, outcome: 'ok' }, 'change');
  }
  (await cookies()).delete(sessionCookieName());
  redirect('/login');
}

/** Any signed-in operator changes its own password; every session of it ends (sign in again). */
export const changeOwnPasswordAction = defineAction(
  {
    name: 'operator.password.own',
    permission: { anyOf: [], needs: () => [] },
    input: ChangeOwnPasswordInput,
    target: () => 'own password',
  },
  async ({ current, password }) => {
    await changeOwnPassword(current, password);
    (await cookies()).delete(sessionCookieName());
    return { changed: true };
  },
);
