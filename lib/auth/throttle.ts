import 'server-only';
import { countOne, sharedLimiter } from '@/lib/db/shared-limiter';
import type { Db } from '@/lib/db/types';

/**
 * Sign-in throttling per client address: attempts spread over many accounts from one
 * address (password spraying) are slowed down, on top of the per-account lockout.
 * An attempt is counted *before* its password is checked (so parallel guesses each take a
 * place in the count) and given back when the password was right: what remains are failures.
 * The counts are shared by every instance on one PostgreSQL (lib/db/shared-limiter.ts).
 */
export const FAILURES_PER_ADDRESS = 20;
const WINDOW_S = 15 * 60;

const attempts = (db: Db) =>
  sharedLimiter(db, { keyPrefix: 'signin-address', points: FAILURES_PER_ADDRESS, duration: WINDOW_S });

/** Counts an attempt from `address`; false when the address has used up its attempts (refuse it unchecked). */
export async function takeSignInAttempt(db: Db, address: string): Promise<boolean> {
  return (await countOne(attempts(db), address)) === 0;
}

/** The password was right: this attempt does not count against the address. */
export async function signInSucceeded(db: Db, address: string): Promise<void> {
  await attempts(db).reward(address, 1);
}
