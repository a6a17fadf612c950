import { fail } from '../errors';
import { address, bool, obj, parseFields, required, uint } from '../fields';
import { hashToken, randomOtp } from '../secrets';
import type { OpContext, OpHandler, Queryable } from './context';

/**
 * One-time passwords: `otp` issues a six-digit code for an address and returns it, so
 * the app server can deliver it (SMS, e-mail); `useradd` with `user.otp` checks it.
 */
const OtpRequest = obj({
  otp: obj({ address: required(address()), tries: uint(100), expiry: uint(86_400 * 30), reuse: bool() }),
});

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
      [ctx.app.id, o.address, hashToken(code), tries, o.reuse ? 1 : 0, expires, ctx.now],
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
 * Checks `code` against the live OTP of `addr`, before the op's transaction: a wrong code
 * spends one try, and that must persist although the op then fails. Throws BADVALUE.
 */
export async function checkOtp(ctx: OpContext, addr: string, code: string): Promise<void> {
  const row = await ctx.db.get<{ code_hash: string; tries: number; expires: number }>(
    'SELECT code_hash, tries, expires FROM otps WHERE app_id = ? AND address = ?',
    [ctx.app.id, addr],
  );
  const live = row && Number(row.expires) > ctx.now && Number(row.tries) > 0;
  if (live && row.code_hash === hashToken(code)) return;
  if (live)
    await ctx.db.run('UPDATE otps SET tries = tries - 1 WHERE app_id = ? AND address = ? AND tries > 0', [
      ctx.app.id,
      addr,
    ]);
  throw otpFailure();
}

/** Inside the op's transaction: uses up a single-use OTP (losing a race to another use fails). */
export async function consumeOtp(q: Queryable, ctx: OpContext, addr: string, code: string): Promise<void> {
  const row = await q.get<{ reuse: number }>(
    'SELECT reuse FROM otps WHERE app_id = ? AND address = ? AND code_hash = ?',
    [ctx.app.id, addr, hashToken(code)],
  );
  if (!row) throw otpFailure();
  if (!Number(row.reuse)) await q.run('DELETE FROM otps WHERE app_id = ? AND address = ?', [ctx.app.id, addr]);
}
