import { z } from 'zod';
import { TWO_FACTOR_POLICIES } from '@/lib/domain/two-factor-policy';

/** A code from the authenticator app: six digits (spaces typed between them are dropped). */
export const AuthenticationCode = z
  .string({ error: 'Type the 6-digit code.' })
  .transform((s) => s.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, { error: 'Type the 6 digits your authenticator app shows.' }));

/** A code from the app, or one of the recovery codes ("abcd-efgh-jkmn-pqrs"). */
export const AnySecondFactor = z
  .string({ error: 'Type a code.' })
  .trim()
  .min(1, { error: 'Type the 6-digit code, or a recovery code.' })
  .max(64, { error: 'A code is at most 64 characters.' });

export const TurnOnTwoFactorInput = z.object({ code: AuthenticationCode });
export const SecondFactorInput = z.object({ code: AnySecondFactor });
export const SignInCodeInput = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('code'), code: AuthenticationCode }),
    z.object({ kind: z.literal('recovery'), code: AnySecondFactor }),
  ],
  { error: 'Say which kind of code: code or recovery.' },
);

/** A session, named by the handle its row carries (never its id). */
export const SessionHandle = z.string().regex(/^[A-Za-z0-9_-]{22}$/, { error: 'No such session.' });
export const EndSessionInput = z.object({ session: SessionHandle });

export const TwoFactorPolicyInput = z.object({
  policy: z.enum(TWO_FACTOR_POLICIES, { error: 'Choose Off, Admins or Every role.' }),
});
