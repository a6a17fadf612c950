import 'server-only';
import type { Db } from '@/lib/db/types';
import { isTwoFactorPolicy, type TwoFactorPolicy } from '@/lib/domain/two-factor-policy';

/**
 * The console's own settings, one row each in `console_settings`, so that every instance on
 * the database reads the same, on each request that needs them (one primary-key read).
 */
const POLICY = "SELECT value FROM console_settings WHERE name = 'require_two_factor'";

/** Require two-factor (lib/domain/two-factor-policy.ts); off until an admin sets it. */
export async function twoFactorPolicy(db: Db): Promise<TwoFactorPolicy> {
  const row = await db.get<{ value: string }>(POLICY);
  return isTwoFactorPolicy(row?.value) ? row.value : 'off';
}

/** Sets Require two-factor; returns what it was. */
export async function setTwoFactorPolicy(db: Db, policy: TwoFactorPolicy): Promise<TwoFactorPolicy> {
  return db.tx(async (q) => {
    const before = await q.get<{ value: string }>(POLICY);
    await q.run(
      `INSERT INTO console_settings (name, value) VALUES ('require_two_factor', ?)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
      [policy],
    );
    return isTwoFactorPolicy(before?.value) ? before.value : 'off';
  });
}
