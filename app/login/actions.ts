'use server';

import { randomUUID } from 'node:crypto';
import { auditRequest } from '@/lib/auth/audit-entry';
import { isSameOrigin, requestClientAddress } from '@/lib/auth/request';
import { completeSignIn } from '@/lib/auth/second-factor';
import { currentSession } from '@/lib/auth/session';
import { type ActionResult, ok } from '@/lib/result';
import { SignInCodeInput } from '@/lib/validations/account';

/**
 * The sign-in's second step: a code from the authenticator app, or a recovery code, for the
 * session the password opened. Not an operator's action (nobody is signed in yet): it checks
 * its own origin and session, and lib/auth/second-factor.ts throttles, checks and audits.
 */
export async function secondFactorAction(raw: {
  kind: 'code' | 'recovery';
  code: string;
}): Promise<ActionResult<{ recoveryCodesLeft?: number }>> {
  const requestId = randomUUID();
  const session = await currentSession();
  const sameOrigin = await isSameOrigin();
  if (!sameOrigin || session?.stage !== 'code') {
    await auditRequest(
      { operator: session?.operator },
      {
        action: 'authz.denied',
        target: 'auth.second_factor',
        outcome: 'denied',
        detail: sameOrigin ? 'No sign-in waiting for a code' : 'Cross-origin request',
        requestId,
      },
      'repeatable',
    );
    return {
      ok: false,
      error: { code: 'unauthorized', message: 'This sign-in is over. Sign in again with your password.', requestId },
    };
  }
  const parsed = SignInCodeInput.safeParse(raw);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'Type the code.';
    return { ok: false, error: { code: 'invalid', message, fieldErrors: { code: [message] }, requestId } };
  }
  const result = await completeSignIn(session, parsed.data.kind, parsed.data.code, await requestClientAddress());
  if (!result.ok)
    return {
      ok: false,
      error: { code: 'invalid', message: result.message, fieldErrors: { code: [result.message] }, requestId },
    };
  return ok({ recoveryCodesLeft: result.recoveryCodesLeft });
}
