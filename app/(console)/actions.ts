'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { defineAction } from '@/lib/actions/run';
import { sessionCookieName } from '@/lib/auth/cookie';
import { isSameOrigin, requestClientAddress } from '@/lib/auth/request';
import { currentOperator } from '@/lib/auth/session';
import { recordAudit, recordUnauthenticated } from '@/lib/console/audit';
import { endSessions } from '@/lib/console/operators';
import { changeOwnPassword } from '@/lib/dal/operators';
import { consoleDb } from '@/lib/server/db';
import { ChangeOwnPasswordInput } from '@/lib/validations/operators';

/** Signs out: ends every session of this operator (the cookie alone would stay valid until it expires). */
export async function signOutAction(): Promise<void> {
  const operator = await currentOperator();
  const db = await consoleDb();
  if (!operator) {
    const entry = { operatorEmail: 'anonymous', role: '-', action: 'authz.denied', target: 'auth.signout' };
    await recordUnauthenticated(
      db,
      { ...entry, outcome: 'denied', detail: 'Not signed in' },
      await requestClientAddress(),
    );
  } else if (!(await isSameOrigin())) {
    await recordAudit(db, {
      operatorId: operator.id,
      operatorEmail: operator.email,
      role: operator.role,
      action: 'authz.denied',
      target: 'auth.signout',
      outcome: 'denied',
      detail: 'Cross-origin request',
    });
    return; // a forged sign-out changes nothing
  } else {
    await endSessions(db, operator.id);
    await recordAudit(db, {
      operatorId: operator.id,
      operatorEmail: operator.email,
      role: operator.role,
      action: 'auth.signout',
      target: operator.email,
      outcome: 'ok',
    });
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
