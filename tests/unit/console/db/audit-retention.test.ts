import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetAudit } from '@/lib/console/audit';
import { type TestEngine, testEngine } from '../../../helpers/engine';

/** Retention: entries older than AUDIT_RETENTION_DAYS go, oldest first, in chunks; the rest stay. */
let t: TestEngine;
beforeAll(async () => {
  t = await testEngine();
});
afterAll(async () => t.close());

const DAY = 86_400;

describe('audit retention', () => {
  it('removes the entries written before the cut, however many, and keeps every later one', async () => {
    const now = Math.floor(Date.now() / 1000);
    // 12,000 entries 400 days old (more than two chunks), 30 entries of the last month.
    const insert = async (n: number, ts: (i: number) => number, who: string) => {
      for (let i = 0; i < n; i += 500) {
        const rows = Array.from({ length: Math.min(500, n - i) }, (_, k) => [ts(i + k), who]);
        await t.db.run(
          `INSERT INTO audit_log (ts, operator_email, role, action, target, outcome) VALUES ${rows.map(() => "(?, ?, 'admin', 'user.update', 'x', 'ok')").join(', ')}`,
          rows.flat(),
        );
      }
    };
    await insert(12_000, (i) => now - 400 * DAY + i, 'old@example.com');
    await insert(30, (i) => now - i * DAY, 'recent@example.com');
    const count = async (who: string) =>
      Number((await t.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM audit_log WHERE operator_email = ?', [who]))?.n);
    expect(await forgetAudit(t.db, now - 365 * DAY)).toBe(12_000);
    expect(await count('old@example.com')).toBe(0);
    expect(await count('recent@example.com')).toBe(30);
    // The cut is exact: an entry of the cut's second stays, one a second older goes.
    expect(await forgetAudit(t.db, now - 20 * DAY)).toBe(9); // days 21 to 29
    expect(await count('recent@example.com')).toBe(21);
    expect(await forgetAudit(t.db, now - 20 * DAY)).toBe(0);
  });
});
