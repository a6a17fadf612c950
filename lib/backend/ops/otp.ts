import { fail } from '../errors';
import { address, bool, obj, parseFields, required, uint } from '../fields';
import { otpHash, randomOtp, sameHash } from '../secrets';
import type { OpContext, OpHandler, Queryable } from './context';

/**
 * One-time passwords: `otp` issues a six-digit code for an address and returns it, so
 * the app server can deliver it (SMS, e-mail); `useradd` with `user.otp` checks it.
 * Codes are stored only as a keyed hash (see otpHash); codes issued before the hash was
 * keyed simply stop matching.
 */
const OtpRequest = obj({
  otp: obj({ address: required(address()), tries: uint(100), expiry: uint(86_400 * 30), reuse: bool() }),
});

const hashFor = (ctx: Pick<OpContext, 'keys' | 'app'>, addr: string, code: string) =>
  otpHash(ctx.keys.otp, ctx.app.id, addr, code);

export const otp: OpHandler = async (ctx, req) => {
  const { otp: o } = parseFields(OtpRequest, req);
  const code = randomOtp();
  const tries = o.tries || 3;
  const expires = ctx.now + (o.expiry || 300);
  await ctx.db.tx((q) =>
    q.run(
      `INSERT INTO otps (app_id, address, code_hash, tries, reuse, expires, ts) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (app_id, address) DO UPDATE SET code_hash = excluded.code_hash, tries = excluded.tries,
         reuse = excluded.reuse, expires = excluded.expires, ts = excluded.ts`,
      [ctx.app.id, o.address, hashFor(ctx, o.address, code), tries, o.reuse ? 1 : 0, expires, ctx.now],
    ),
  );
  return { otp: { address: o.address, code, tries, expires, reuse: o.reuse ?? false } };
};

const otpFailure = () =>
  fail.badValue(
    'user.otp does not match a live one-time password for this address (wrong, expired, or out of tries).',
    ['user.otp'],
    'Ask the user to re-enter the code, or issue a new one with op "otp".',
  );

/**
 * Checks `code` against the live OTP of `addr`, before the op's transaction. A try is
 * spent first, in one conditional update, and only then is the code compared: parallel
 * guesses each take their own try, so no more than `tries` are ever compared. The spent
 * try persists although the op then fails; a right code gets it back in consumeOtp.
 * Throws BADVALUE.
 */
export async function checkOtp(ctx: OpContext, addr: string, code: string): Promise<void> {
  const row = await ctx.db.tx((q) =>
    q.get<{ code_hash: string }>(
      `UPDATE otps SET tries = tries - 1 WHERE app_id = ? AND address = ? AND tries > 0 AND expires > ?
       RETURNING code_hash`,
      [ctx.app.id, addr, ctx.now],
    ),
  );
  if (!row || !sameHash(row.code_hash, hashFor(ctx, addr, code))) throw otpFailure();
}

/**
 * Inside the op's transaction: uses up a single-use OTP, or gives a reusable one back the
 * try its check spent (losing a race to another use fails).
 */
export async function consumeOtp(q: Queryable, ctx: OpContext, addr: string, code: string): Promise<void> {
  const row = await q.get<{ reuse: number }>(
    'SELECT reuse FROM otps WHERE app_id = ? AND address = ? AND code_hash = ?',
    [ctx.app.id, addr, hashFor(ctx, addr, code)],
  );
  if (!row) throw otpFailure();
  if (Number(row.reuse))
    await q.run('UPDATE otps SET tries = tries + 1 WHERE app_id = ? AND address = ?', [ctx.app.id, addr]);
  else await q.run('DELETE FROM otps WHERE app_id = ? AND address = ?', [ctx.app.id, addr]);
}
