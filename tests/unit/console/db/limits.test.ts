import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TestEngine, testEngine } from '../../../helpers/engine';

/**
 * Sign-in throttling per client address and the bound on anonymous audit entries, on the
 * database the suite runs on. On PostgreSQL the counts must be the same for every instance:
 * a fresh copy of the modules (standing in for another process) still sees them.
 */
let t: TestEngine;
beforeAll(async () => {
  t = await testEngine();
});
afterAll(async () => t.close());

/** The throttle as another server process would load it: modules (and their memory) fresh. */
async function freshThrottle() {
  vi.resetModules();
  return import('@/lib/auth/throttle');
}

describe('sign-in throttling per client address', () => {
  it('refuses an address after its failed attempts, whatever accounts they were for, and only that address', async () => {
    const { FAILURES_PER_ADDRESS, takeSignInAttempt } = await freshThrottle();
    for (let i = 0; i < FAILURES_PER_ADDRESS; i++) expect(await takeSignInAttempt(t.db, '203.0.113.7')).toBe(true);
    expect(await takeSignInAttempt(t.db, '203.0.113.7')).toBe(false);
    expect(await takeSignInAttempt(t.db, '203.0.113.8')).toBe(true);
  });

  it('counts attempts before their check: parallel guesses get no more than the limit', async () => {
    const { FAILURES_PER_ADDRESS, takeSignInAttempt } = await freshThrottle();
    const results = await Promise.all(
      Array.from({ length: FAILURES_PER_ADDRESS * 2 }, () => takeSignInAttempt(t.db, '203.0.113.9')),
    );
    expect(results.filter(Boolean)).toHaveLength(FAILURES_PER_ADDRESS);
  });

  it('a right password gives its attempt back', async () => {
    const { FAILURES_PER_ADDRESS, signInSucceeded, takeSignInAttempt } = await freshThrottle();
    for (let i = 0; i < FAILURES_PER_ADDRESS * 2; i++) {
      expect(await takeSignInAttempt(t.db, '203.0.113.10')).toBe(true);
      await signInSucceeded(t.db, '203.0.113.10');
    }
  });

  it.runIf(process.env.TEST_DATABASE_URL)('on PostgreSQL, another process sees the same counts', async () => {
    const first = await freshThrottle();
    for (let i = 0; i < first.FAILURES_PER_ADDRESS; i++) await first.takeSignInAttempt(t.db, '198.51.100.1');
    const second = await freshThrottle();
    const [row] = await t.db.all<{ key: string; points: number }>(
      "SELECT key, points FROM rate_limits WHERE key LIKE '%198.51.100.1'",
    );
    expect(Number(row?.points)).toBe(first.FAILURES_PER_ADDRESS);
    expect(await second.takeSignInAttempt(t.db, '198.51.100.1')).toBe(false);
  });
});

describe('anonymous audit entries', () => {
  it('are bounded per address, the rest folded into audit.suppressed, also across processes on PostgreSQL', async () => {
    vi.stubEnv('AUDIT_UNAUTHENTICATED_LIMIT', '3');
    const write = async (n: number) => {
      vi.resetModules();
      const { recordUnauthenticated } = await import('@/lib/console/audit');
      for (let i = 0; i < n; i++) {
        await recordUnauthenticated(
          t.db,
          { operatorEmail: 'anonymous', role: '-', action: 'auth.signin', target: 'x', outcome: 'denied' },
          '192.0.2.55',
        );
      }
    };
    await write(2);
    await write(2); // another process on PostgreSQL (on SQLite, the same one's memory is gone)
    const rows = await t.db.all<{ action: string }>(
      "SELECT action FROM audit_log WHERE target IN ('x', '192.0.2.55') ORDER BY id",
    );
    vi.unstubAllEnvs();
    expect(rows.map((r) => r.action)).toEqual(
      t.db.dialect === 'postgres'
        ? ['auth.signin', 'auth.signin', 'auth.signin', 'audit.suppressed']
        : ['auth.signin', 'auth.signin', 'auth.signin', 'auth.signin'],
    );
  });
});
