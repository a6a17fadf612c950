import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordUnauthenticated } from '@/lib/console/audit';
import { createOperator, LastAdminError, updateOperator, verifyCredentials } from '@/lib/console/operators';
import { activeLocks, clearLocks, LOCK_AFTER_FAILURES } from '@/lib/console/signin-locks';
import { type TestEngine, testEngine } from '../../../helpers/engine';

/** Console storage that must hold under concurrency: on SQLite here, and on PostgreSQL in CI. */
let t: TestEngine;
beforeAll(async () => {
  t = await testEngine();
});
afterAll(async () => t.close());

const PASSWORD = 'right-password-123';
let seq = 0;
const newOperator = (role: 'admin' | 'viewer' = 'viewer') =>
  createOperator(t.db, { email: `op${++seq}-${Date.now()}@example.com`, role, password: PASSWORD });

describe('sign-in lockout, per account and client address', () => {
  it('five wrong passwords lock the account for that address only; another address still signs in', async () => {
    const o = await newOperator();
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++)
      expect(await verifyCredentials(t.db, o.email, 'wrong-password-1', '203.0.113.9')).toMatchObject({ ok: false });
    // The right password from the attacker's address is refused: that address is locked.
    expect(await verifyCredentials(t.db, o.email, PASSWORD, '203.0.113.9')).toMatchObject({
      ok: false,
      reason: 'locked',
    });
    // The operator, from elsewhere, is not locked out.
    expect(await verifyCredentials(t.db, o.email, PASSWORD, '198.51.100.7')).toMatchObject({ ok: true });
    const locks = (await activeLocks(t.db)).filter((l) => l.operatorId === o.id);
    expect(locks.map((l) => l.address)).toEqual(['203.0.113.9']);
    // An admin clears it, and the address may sign in again.
    expect(await clearLocks(t.db, o.id)).toBeGreaterThan(0);
    expect(await verifyCredentials(t.db, o.email, PASSWORD, '203.0.113.9')).toMatchObject({ ok: true });
  });

  it('parallel guesses are counted atomically: no more than five passwords are ever checked', async () => {
    const o = await newOperator();
    const guesses = Array.from({ length: 20 }, (_, i) =>
      verifyCredentials(t.db, o.email, i === 19 ? PASSWORD : `wrong-${i}-password`, '192.0.2.50'),
    );
    const results = await Promise.all(guesses);
    const checked = results.filter((r) => !r.ok && r.reason === 'invalid').length + results.filter((r) => r.ok).length;
    expect(checked).toBeLessThanOrEqual(LOCK_AFTER_FAILURES);
    expect(results.filter((r) => !r.ok && r.reason === 'locked').length).toBeGreaterThanOrEqual(15);
  });

  it('an unknown e-mail answers like a wrong password and stores nothing', async () => {
    const before = (await t.db.all('SELECT * FROM signin_failures')).length;
    expect(await verifyCredentials(t.db, 'nobody@example.com', 'x-password-123', '192.0.2.1')).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect((await t.db.all('SELECT * FROM signin_failures')).length).toBe(before);
  });
});

describe('the last enabled admin', () => {
  it('two admins disabling each other at the same moment leave one enabled admin', async () => {
    // Only these two are admins: every other admin of this database is disabled first.
    await t.db.run("UPDATE operators SET disabled = 1 WHERE role = 'admin'");
    const a = await newOperator('admin');
    const b = await newOperator('admin');
    const outcomes = await Promise.allSettled([
      updateOperator(t.db, a.id, { disabled: true }),
      updateOperator(t.db, b.id, { disabled: true }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(LastAdminError);
    const enabled = await t.db.all("SELECT id FROM operators WHERE role = 'admin' AND disabled = 0");
    expect(enabled).toHaveLength(1);
  });

  it('demoting the last admin is refused too; another admin makes it possible', async () => {
    await t.db.run("UPDATE operators SET disabled = 1 WHERE role = 'admin'");
    const a = await newOperator('admin');
    await expect(updateOperator(t.db, a.id, { role: 'viewer' })).rejects.toBeInstanceOf(LastAdminError);
    await newOperator('admin');
    expect((await updateOperator(t.db, a.id, { role: 'viewer' }))?.role).toBe('viewer');
  });
});

describe('audit entries of unauthenticated requests are bounded', () => {
  const count = async (target: string) =>
    Number((await t.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM audit_log WHERE target = ?', [target]))?.n);

  it('per client address: 30 in 10 minutes, the rest folded into counted audit.suppressed entries', async () => {
    const entry = {
      operatorEmail: 'anonymous',
      role: '-',
      action: 'authz.denied',
      target: 'bound-test',
      outcome: 'denied' as const,
    };
    for (let i = 0; i < 250; i++) await recordUnauthenticated(t.db, entry, '203.0.113.77');
    expect(await count('bound-test')).toBe(30);
    const folded = await t.db.all<{ detail: string }>(
      "SELECT detail FROM audit_log WHERE action = 'audit.suppressed' AND target = '203.0.113.77' ORDER BY id",
    );
    // Written at the 1st, 10th and 100th left out: few entries, each with its count.
    expect(folded.map((f) => f.detail.split(' ')[0])).toEqual(['1', '10', '100']);
    // Another address is not affected.
    await recordUnauthenticated(t.db, { ...entry, target: 'bound-other' }, '198.51.100.77');
    expect(await count('bound-other')).toBe(1);
  });
});
