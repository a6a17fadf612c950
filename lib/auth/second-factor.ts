import 'server-only';
import { recordSignIn } from '@/lib/console/operators';
import { SecretBoxError } from '@/lib/console/secret-box';
import { completeSession } from '@/lib/console/sessions';
import { attemptFailed, attemptSucceeded, CODE_LOCK, takeAttempt } from '@/lib/console/signin-locks';
import { consoleDb } from '@/lib/server/db';
import { twoFactorStore } from '@/lib/server/two-factor';
import { auditRequest } from './audit-entry';
import type { SessionState } from './session';
import { signInSucceeded, takeSignInAttempt } from './throttle';

/**
 * The second step of a sign-in: the session the password opened (stage `code`) becomes a
 * whole one with a current authentication code, or with an unused recovery code.
 *
 * Throttled and locked like the password: each try counts against the client address
 * (lib/auth/throttle.ts) and against the account (five wrong codes lock its codes for 15
 * minutes, from every address, until a right code or an admin's Unlock); a code is taken
 * once, on every instance (lib/console/two-factor.ts). Every outcome is audited.
 */
export type SecondFactor = 'code' | 'recovery';

export type SecondFactorResult = { ok: true; recoveryCodesLeft?: number } | { ok: false; message: string };

/** What a typed code is: six digits from the app, or else a recovery code. */
export const kindOfCode = (code: string): SecondFactor =>
  /^\d{6}$/.test(code.replace(/\s/g, '')) ? 'code' : 'recovery';

const WRONG: Record<SecondFactor, string> = {
  code: 'That code is not right, or it was used already. Wait for the next code in your authenticator app and type it.',
  recovery: 'That recovery code is not right, or it was used already. Each recovery code works once.',
};
const LOCKED =
  'Too many wrong codes. Wait 15 minutes and try again, or ask an admin to unlock your sign-in or reset your two-factor.';

// The server key changed without rotate-server-key: the secret cannot be opened, recovery codes still work.
const UNREADABLE =
  'Codes from your authenticator app cannot be checked on this server (its key changed). Use a recovery code, or ask an admin to reset your two-factor.';

type Verdict = { right: true; recoveryCodesLeft?: number } | { right: false; message: string; why: string };

/**
 * Takes one try of a code of the operator's (the sign-in's second step, and turning
 * two-factor off or renewing recovery codes on the Account page): counted, checked, taken.
 */
export async function takeSecondFactor(
  operatorId: number,
  kind: SecondFactor,
  code: string,
  address: string,
): Promise<Verdict> {
  const db = await consoleDb();
  if (!(await takeSignInAttempt(db, address)))
    return { right: false, message: LOCKED, why: `too many failures from ${address}` };
  if (!(await takeAttempt(db, operatorId, CODE_LOCK)))
    return { right: false, message: LOCKED, why: `codes locked after repeated wrong ones; from ${address}` };
  const store = await twoFactorStore();
  const left = kind === 'code' ? undefined : await store.takeRecoveryCode(operatorId, code);
  let right: boolean;
  try {
    right = kind === 'code' ? await store.takeCode(operatorId, code) : left !== undefined;
  } catch (e) {
    if (!(e instanceof SecretBoxError)) throw e;
    return { right: false, message: UNREADABLE, why: 'the secret is sealed under another server key' };
  }
  if (!right) {
    await attemptFailed(db, operatorId, CODE_LOCK);
    return {
      right: false,
      message: WRONG[kind],
      why: `wrong ${kind === 'code' ? 'authentication' : 'recovery'} code from ${address}`,
    };
  }
  await attemptSucceeded(db, operatorId, CODE_LOCK);
  await signInSucceeded(db, address);
  return { right: true, recoveryCodesLeft: left };
}

export async function completeSignIn(
  session: SessionState,
  kind: SecondFactor,
  code: string,
  address: string,
): Promise<SecondFactorResult> {
  const db = await consoleDb();
  const { operator } = session;
  const verdict = await takeSecondFactor(operator.id, kind, code, address);
  if (!verdict.right) {
    await auditRequest(
      { clientAddress: address, claimed: { email: operator.email, id: operator.id } },
      {
        action: 'auth.signin',
        target: operator.email,
        outcome: 'denied',
        detail: `Second step refused (${verdict.why})`,
      },
      'repeatable',
    );
    return { ok: false, message: verdict.message };
  }
  if (!(await completeSession(db, { sid: operator.sessionId ?? '', operatorId: operator.id }))) {
    return { ok: false, message: 'This sign-in took too long. Sign in again with your password.' };
  }
  await recordSignIn(db, operator.id);
  const left = verdict.recoveryCodesLeft;
  await auditRequest(
    { operator },
    kind === 'code'
      ? {
          action: 'auth.signin',
          target: operator.email,
          outcome: 'ok',
          detail: `Signed in from ${address} with an authentication code`,
        }
      : {
          action: 'auth.recovery_code',
          target: operator.email,
          outcome: 'ok',
          detail: `Signed in from ${address} with a recovery code; ${left} left`,
        },
    'change',
  );
  return { ok: true, recoveryCodesLeft: left };
}
