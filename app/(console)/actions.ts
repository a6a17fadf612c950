'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { auditRequest } from '@/lib/auth/audit-entry';
import { sessionCookieName } from '@/lib/auth/cookie';
import { isSameOrigin } from '@/lib/auth/request';
import { currentSession } from '@/lib/auth/session';
import { endSession } from '@/lib/console/sessions';
import { consoleDb } from '@/lib/server/db';

/**
 * Signs out: ends this session only (its row goes, so the cookie, wherever a copy of it is,
 * opens nothing on any instance); the operator's other sessions go on. Also ends a sign-in
 * left at its second step or held at setting up two-factor ("Use another account").
 */
export async function signOutAction(): Promise<void> {
  const operator = (await currentSession())?.operator;
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
    await endSession(await consoleDb(), { sid: operator.sessionId ?? '', operatorId: operator.id });
    await auditRequest({ operator }, { action: 'auth.signout', target: operator.email, outcome: 'ok' }, 'change');
  }
  (await cookies()).delete(sessionCookieName());
  redirect('/login');
}
