import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditAuthor } from '@/lib/console/audit';
import { type TestEngine, testEngine } from '../../../helpers/engine';

/**
 * A signed-in operator cannot flood the audit log (second security review: a viewer wrote
 * 900 rows in 15 s): refusals and reads of one session are counted on one row a minute each,
 * and beyond AUDIT_SESSION_LIMIT rows a minute folded into one `audit.suppressed` row; a
 * change is always written. On the database the suite runs on (SQLite, or PostgreSQL).
 */
let t: TestEngine;
beforeAll(async () => {
  t = await testEngine();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await t.close();
});

const viewer = (sessionId: string, email: string): AuditAuthor => ({
  operator: { id: 7, email, role: 'viewer', sessionId },
});
const rowsOf = (email: string) =>
  t.db.all<{ action: string; target: string; repeats: number; outcome: string }>(
    'SELECT action, target, repeats, outcome FROM audit_log WHERE operator_email = ? ORDER BY id',
    [email],
  );

describe('audit entries of one session are bounded, changes never', () => {
  it('900 identical refusals are one row that says 900', async () => {
    const { recordBy } = await import('@/lib/console/audit');
    const who = viewer('session-a', 'flood-a@example.com');
    for (let i = 0; i < 900; i++)
      await recordBy(
        t.db,
        who,
        { action: 'authz.denied', target: 'user.delete alice', outcome: 'denied' },
        'repeatable',
      );
    const rows = await rowsOf('flood-a@example.com');
    expect(rows).toHaveLength(1);
    expect(Number(rows[0].repeats)).toBe(900);
  });

  it('refusals that differ stop at the limit and are counted on one audit.suppressed row; changes all land', async () => {
    vi.stubEnv('AUDIT_SESSION_LIMIT', '5');
    vi.resetModules();
    const { recordBy } = await import('@/lib/console/audit');
    const who = viewer('session-b', 'flood-b@example.com');
    for (let i = 0; i < 40; i++)
      await recordBy(
        t.db,
        who,
        { action: 'page.load', target: `/apps/1/users/u${i}`, outcome: 'failed' },
        'repeatable',
      );
    for (let i = 0; i < 12; i++)
      await recordBy(t.db, who, { action: 'user.update', target: `u${i}`, outcome: 'ok' }, 'change');
    const rows = await rowsOf('flood-b@example.com');
    expect(rows.filter((r) => r.action === 'page.load')).toHaveLength(5);
    const suppressed = rows.filter((r) => r.action === 'audit.suppressed');
    expect(suppressed).toHaveLength(1);
    expect(Number(suppressed[0].repeats)).toBe(35);
    expect(rows.filter((r) => r.action === 'user.update')).toHaveLength(12);
    // Another session of the same operator has its own bound.
    await recordBy(
      t.db,
      viewer('session-c', 'flood-b@example.com'),
      { action: 'page.load', target: '/apps/1/users/other', outcome: 'failed' },
      'repeatable',
    );
    expect((await rowsOf('flood-b@example.com')).filter((r) => r.action === 'page.load')).toHaveLength(6);
  });
});
