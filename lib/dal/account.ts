import 'server-only';
import QRCode from 'qrcode';
import { requestClientAddress } from '@/lib/auth/request';
import { kindOfCode, takeSecondFactor } from '@/lib/auth/second-factor';
import { requireOperator, settingUpOperator } from '@/lib/auth/session';
import type { Operator } from '@/lib/console/operators';
import { endOtherSessions } from '@/lib/console/sessions';
import { twoFactorPolicy } from '@/lib/console/settings';
import type { TwoFactorStatus } from '@/lib/console/two-factor';
import { mustHaveTwoFactor } from '@/lib/domain/two-factor-policy';
import { AuthError, ConsoleError } from '@/lib/errors';
import { consoleDb } from '@/lib/server/db';
import { twoFactorStore } from '@/lib/server/two-factor';
import { endSessionByHandle, type SessionView, sessionViews } from './sessions';

/**
 * The signed-in operator's own account (the Account page, and the setup a required
 * two-factor holds a sign-in at): its two-factor sign-in and its sessions. Each function
 * checks the session itself; none takes an operator id from the browser.
 */
export interface AccountView {
  email: string;
  role: Operator['role'];
  twoFactor: TwoFactorStatus;
  /** Require two-factor applies to this operator's role: it cannot be turned off. */
  required: boolean;
  sessions: SessionView[];
}

export async function readAccount(): Promise<AccountView> {
  const operator = await requireOperator();
  const db = await consoleDb();
  const [twoFactor, policy, sessions] = await Promise.all([
    (await twoFactorStore()).status(operator.id),
    twoFactorPolicy(db),
    sessionViews(db, operator.id, operator.sessionId),
  ]);
  return {
    email: operator.email,
    role: operator.role,
    twoFactor,
    required: mustHaveTwoFactor(policy, operator.role),
    sessions,
  };
}

/** What setting up shows: the QR code (an SVG data URL), the secret as text, and the URI. */
export interface TwoFactorSetup {
  qr: string;
  secret: string;
  uri: string;
}

async function setUpper(): Promise<Operator> {
  const operator = await settingUpOperator();
  if (!operator) throw new AuthError('unauthorized');
  return operator;
}

/** Starts setting up (a new secret each time); refused while two-factor is on. */
export async function beginTwoFactor(): Promise<TwoFactorSetup> {
  const operator = await setUpper();
  const store = await twoFactorStore();
  if ((await store.status(operator.id)).on)
    throw new ConsoleError(
      'conflict',
      'Two-factor sign-in is on already.',
      'Turn it off first to move it to another device.',
    );
  const { uri, secret } = await store.begin(operator);
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return { qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, secret, uri };
}

/** A code from the new secret turns two-factor on: the recovery codes, in clear this once. */
export async function turnOnTwoFactor(code: string): Promise<string[]> {
  const operator = await setUpper();
  const codes = await (await twoFactorStore()).confirm(operator.id, code.trim());
  if (!codes)
    throw new ConsoleError(
      'invalid',
      'That code is not right. Type the 6 digits the app shows now for mesibo-admin; if it keeps failing, check the phone’s clock.',
      { field: 'code' },
    );
  return codes;
}

/** A current code (or a recovery code) of the operator's, taken once; refused and counted otherwise. */
async function proveSecondFactor(operator: Operator, code: string): Promise<void> {
  const verdict = await takeSecondFactor(operator.id, kindOfCode(code), code.trim(), await requestClientAddress());
  if (!verdict.right) throw new ConsoleError('invalid', verdict.message, { field: 'code' });
}

export async function turnOffTwoFactor(code: string): Promise<void> {
  const operator = await requireOperator();
  const db = await consoleDb();
  if (mustHaveTwoFactor(await twoFactorPolicy(db), operator.role))
    throw new ConsoleError(
      'conflict',
      `Two-factor sign-in is required for ${operator.role === 'admin' ? 'admins' : 'every role'}: it stays on.`,
      'An admin can change Require two-factor on the Operators page.',
    );
  await proveSecondFactor(operator, code);
  await (await twoFactorStore()).turnOff(operator.id);
}

/** New recovery codes for a current code: the old ones stop working. */
export async function renewRecoveryCodes(code: string): Promise<string[]> {
  const operator = await requireOperator();
  const store = await twoFactorStore();
  if (!(await store.status(operator.id)).on) throw new ConsoleError('conflict', 'Two-factor sign-in is off.');
  await proveSecondFactor(operator, code);
  return store.renewRecoveryCodes(operator.id);
}

/** Ends one of the operator's other sessions; what it was, for the audit log. */
export async function endOwnSession(handle: string): Promise<SessionView> {
  const operator = await requireOperator();
  return endSessionByHandle(await consoleDb(), operator.id, handle, operator.sessionId);
}

/** Ends every session of the operator but this one; how many. */
export async function endOwnOtherSessions(): Promise<number> {
  const operator = await requireOperator();
  return endOtherSessions(await consoleDb(), operator.id, operator.sessionId);
}
