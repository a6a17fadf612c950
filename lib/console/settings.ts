import 'server-only';
import type { Db } from '@/lib/db/types';
import { isTwoFactorPolicy, type TwoFactorPolicy } from '@/lib/domain/two-factor-policy';
import type { SecretBox } from './secret-box';

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

/**
 * The server key's check: a known value sealed under the key at the database's first start
 * (or its first start since this check came, once the stored tokens opened with the key), kept
 * in `console_settings`. A process with another key cannot open it, and refuses to start.
 * `rotate-server-key` seals it again under the new key.
 */
const KEY_CHECK = "SELECT value FROM console_settings WHERE name = 'server_key_check'";
const KEY_CHECK_TEXT = 'mesibo-admin server key check';
const KEY_CHECK_CONTEXT = 'server key check';

/** Whether `box` (the server key) opens the database's check value; `none` before it was sealed. */
export async function serverKeyCheck(db: Db, box: SecretBox): Promise<'match' | 'other' | 'none'> {
  const row = await db.get<{ value: string }>(KEY_CHECK);
  if (!row) return 'none';
  try {
    return box.open(row.value, KEY_CHECK_CONTEXT) === KEY_CHECK_TEXT ? 'match' : 'other';
  } catch {
    return 'other';
  }
}

/** Seals the check value under `to`: at the first start that passed the checks, and by rotate-server-key. */
export async function sealServerKeyCheck(db: Db, to: SecretBox, options: { once?: boolean } = {}): Promise<void> {
  // `once`: at a start, where another instance may have sealed it a moment ago (the same key).
  await db.run(
    `INSERT INTO console_settings (name, value) VALUES ('server_key_check', ?)
     ON CONFLICT (name) DO ${options.once ? 'NOTHING' : 'UPDATE SET value = excluded.value'}`,
    [to.seal(KEY_CHECK_TEXT, KEY_CHECK_CONTEXT)],
  );
}
