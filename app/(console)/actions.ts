'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { sessionCookieName } from '@/lib/auth/options';
import { isSameOrigin } from '@/lib/auth/origin';
import { currentOperator } from '@/lib/auth/session';
import { recordAudit } from '@/lib/console/audit';
import { consoleDb } from '@/lib/console/db';
import { endSessions } from '@/lib/console/operators';

/** Signs out: ends every session of this operator (the cookie alone would stay valid until it expires). */
export async function signOutAction(): Promise<void> {
  const operator = await currentOperator();
  const db = await consoleDb();
  if (!operator || !(await isSameOrigin())) {
    await recordAudit(db, {
      operatorId: operator?.id,
      operatorEmail: operator?.email ?? 'anonymous',
      role: operator?.role ?? '-',
      action: 'authz.denied',
      target: 'auth.signout',
      outcome: 'denied',
      detail: operator ? 'Cross-origin request' : 'Not signed in',
    });
    if (operator) return; // a forged sign-out changes nothing
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
