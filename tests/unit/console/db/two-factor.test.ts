import { TOTP } from 'otpauth';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOperator } from '@/lib/console/operators';
import { secretBox } from '@/lib/console/secret-box';
import { RECOVERY_CODE_COUNT, TwoFactorStore } from '@/lib/console/two-factor';
import { SERVER_KEY, type TestEngine, testEngine } from '../../../helpers/engine';

let t: TestEngine;
const box = secretBox(SERVER_KEY);
beforeAll(async () => {
  t = await testEngine();
});
afterAll(async () => t.close());
afterEach(() => vi.useRealTimers());

/** What the operator's authenticator app shows at `ms`. */
const appCode = (secret: string, ms = Date.now()) =>
  new TOTP({ secret, digits: 6, period: 30 }).generate({ timestamp: ms });

async function enrolled(email: string) {
  const operator = await createOperator(t.db, { email, role: 'admin', password: 'two-factor-password-1' });
  const store = new TwoFactorStore(t.db, box);
  const { secret, uri } = await store.begin(operator);
  return { operator, store, secret, uri };
}

describe('two-factor sign-in (TOTP and recovery codes)', () => {
  it('is on only after a right code from the new secret; then 10 recovery codes, stored only as hashes', async () => {
    const { operator, store, secret, uri } = await enrolled('totp-on@example.com');
    expect(uri).toMatch(/^otpauth:\/\/totp\/mesibo-admin:totp-on%40example\.com\?/);
    expect(uri).toContain('algorithm=SHA1&digits=6&period=30');
    expect(await store.confirm(operator.id, '000000')).toBeUndefined();
    expect((await store.status(operator.id)).on).toBe(false);

    const codes = await store.confirm(operator.id, appCode(secret));
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const c of codes ?? []) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(await store.status(operator.id)).toMatchObject({ on: true, recoveryCodesLeft: 10 });

    // Neither the secret nor a recovery code is in the database in clear.
    const row = await t.db.get<Record<string, unknown>>('SELECT * FROM operators WHERE id = ?', [operator.id]);
    const hashes = await t.db.all<{ code_hash: string }>(
      'SELECT code_hash FROM operator_recovery_codes WHERE operator_id = ?',
      [operator.id],
    );
    expect(JSON.stringify(row)).not.toContain(secret);
    for (const c of codes ?? []) expect(JSON.stringify(hashes)).not.toContain(c.replace(/-/g, ''));
  });

  it('a code is taken once: the same code again, or an older one, is refused; the next one is accepted', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T10:00:05Z'));
    const { operator, store, secret } = await enrolled('totp-once@example.com');
    const first = appCode(secret);
    expect(await store.confirm(operator.id, first)).toBeDefined();
    // The code that turned it on is used already.
    expect(await store.takeCode(operator.id, first)).toBe(false);
    vi.setSystemTime(new Date('2026-12-07T10:00:40Z'));
    const second = appCode(secret);
    expect(await store.takeCode(operator.id, second)).toBe(true);
    expect(await store.takeCode(operator.id, second)).toBe(false);
    // Two instances taking the next code at once: exactly one wins.
    vi.setSystemTime(new Date('2026-12-07T10:01:10Z'));
    const third = appCode(secret);
    const other = new TwoFactorStore(t.db, box);
    const both = await Promise.all([store.takeCode(operator.id, third), other.takeCode(operator.id, third)]);
    expect(both.filter(Boolean)).toHaveLength(1);
    // A code from further than one step away is no current code; typed with a space, a current one is.
    expect(await store.takeCode(operator.id, appCode(secret, Date.now() + 120_000))).toBe(false);
    vi.setSystemTime(new Date('2026-12-07T10:01:45Z'));
    const spaced = appCode(secret).replace(/^(\d{3})/, '$1 ');
    expect(await store.takeCode(operator.id, spaced)).toBe(true);
  });

  it('a recovery code works once, in any case and with or without dashes; new codes replace the old', async () => {
    const { operator, store, secret } = await enrolled('recovery@example.com');
    const codes = (await store.confirm(operator.id, appCode(secret))) ?? [];
    expect(await store.takeRecoveryCode(operator.id, codes[0].toUpperCase().replace(/-/g, ' '))).toBe(9);
    expect(await store.takeRecoveryCode(operator.id, codes[0])).toBeUndefined();
    expect(await store.takeRecoveryCode(operator.id, 'aaaa-bbbb-cccc-dddd')).toBeUndefined();
    const fresh = await store.renewRecoveryCodes(operator.id);
    expect(await store.takeRecoveryCode(operator.id, codes[1])).toBeUndefined();
    expect(await store.takeRecoveryCode(operator.id, fresh[0])).toBe(9);
  });

  it('turned off: codes and recovery codes stop working, and it can be set up again', async () => {
    const { operator, store, secret } = await enrolled('off@example.com');
    const codes = (await store.confirm(operator.id, appCode(secret))) ?? [];
    expect(await store.turnOff(operator.id)).toBe(true);
    expect(await store.turnOff(operator.id)).toBe(false);
    expect(await store.status(operator.id)).toEqual({ on: false, since: 0, recoveryCodesLeft: 0 });
    expect(await store.takeRecoveryCode(operator.id, codes[0])).toBeUndefined();
    expect(await store.takeCode(operator.id, appCode(secret, Date.now() + 30_000))).toBe(false);
  });

  it('rotate-server-key re-seals the secrets: the new key opens them, the old no longer', async () => {
    const { operator, store, secret } = await enrolled('reseal@example.com');
    await store.confirm(operator.id, appCode(secret));
    const next = secretBox(`${SERVER_KEY}-the-next-one`);
    const r = await store.reseal(box, next);
    expect(r.unreadable).toEqual([]);
    expect(r.resealed).toBeGreaterThanOrEqual(1);
    const later = Date.now() + 30_000;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(later);
    await expect(new TwoFactorStore(t.db, box).takeCode(operator.id, appCode(secret))).rejects.toThrow(
      /another server key/,
    );
    expect(await new TwoFactorStore(t.db, next).takeCode(operator.id, appCode(secret))).toBe(true);
  });
});
