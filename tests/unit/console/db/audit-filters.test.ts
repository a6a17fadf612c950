import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetAudit, listAudit, recordAudit } from '@/lib/console/audit';
import { backfillAuditSubjects } from '@/lib/console/audit-subjects';
import { type TestEngine, testEngine } from '../../../helpers/engine';

/**
 * Issue 26: the audit log filtered by target (everything done to an address, a group, an
 * operator: in any case, through refusals and bulk adds), by outcome and by a time range; the
 * entries written before the upgrade found by target too; and removed with their entries.
 */
let t: TestEngine;
beforeAll(async () => {
  t = await testEngine();
});
afterAll(async () => t.close());

const by = { operatorEmail: 'admin@example.com', role: 'admin' };
const targets = async (filter: Omit<Parameters<typeof listAudit>[1], 'count'>, count = 50) =>
  (await listAudit(t.db, { ...filter, count })).rows.map((r) => `${r.action} ${r.target}`);

describe('the audit log by target', () => {
  it('finds everything done to an address, however it was written, newest first, and nothing else', async () => {
    const others = Array.from({ length: 8 }, (_, i) => `other${i}@x`);
    await recordAudit(t.db, { ...by, action: 'user.update', target: 'Maya.Ro@Example.org', outcome: 'ok', appId: 1 });
    await recordAudit(t.db, { ...by, action: 'user.update', target: 'ann@example.org', outcome: 'ok', appId: 1 });
    await recordAudit(t.db, {
      ...by,
      action: 'token.issue',
      target: 'maya.ro@example.org (com.example.app)',
      outcome: 'ok',
      appId: 1,
    });
    await recordAudit(t.db, {
      ...by,
      action: 'group.member.permissions',
      target: 'gid 12: maya.ro@example.org',
      outcome: 'ok',
      appId: 1,
    });
    // A bulk add names the first five in its target; the rest are found all the same.
    await recordAudit(t.db, {
      ...by,
      action: 'group.members.add',
      target: `gid 12: ${others.slice(0, 5).join(', ')} and 4 more`,
      subjects: [...others, 'maya.ro@example.org'],
      outcome: 'ok',
      appId: 1,
    });
    await recordAudit(t.db, {
      ...by,
      action: 'authz.denied',
      target: 'user.delete maya.ro@example.org',
      outcome: 'denied',
      appId: 2,
    });

    expect(await targets({ subject: 'maya.ro@example.org' })).toEqual([
      'authz.denied user.delete maya.ro@example.org',
      `group.members.add gid 12: ${others.slice(0, 5).join(', ')} and 4 more`,
      'group.member.permissions gid 12: maya.ro@example.org',
      'token.issue maya.ro@example.org (com.example.app)',
      'user.update Maya.Ro@Example.org',
    ]);
    expect(await targets({ subject: 'other7@x' })).toHaveLength(1);
    expect(await targets({ subject: 'gid 12' })).toHaveLength(2);
    // With the other filters: its app, its outcome, a page at a time.
    expect(await targets({ subject: 'maya.ro@example.org', app: 2 })).toEqual([
      'authz.denied user.delete maya.ro@example.org',
    ]);
    expect(await targets({ subject: 'maya.ro@example.org', outcome: 'ok', within: [1] })).toHaveLength(4);
    const first = await listAudit(t.db, { subject: 'maya.ro@example.org', count: 2 });
    const rest = await listAudit(t.db, { subject: 'maya.ro@example.org', count: 50, before: first.next });
    expect([...first.rows, ...rest.rows].map((r) => r.id)).toEqual(
      (await listAudit(t.db, { subject: 'maya.ro@example.org', count: 50 })).rows.map((r) => r.id),
    );
    expect(await targets({ subject: 'nobody@example.org' })).toEqual([]);
  });

  it('finds by outcome, and by a time range read as a window of ids', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const [days, outcome] of [
      [10, 'ok'],
      [5, 'failed'],
      [5, 'ok'],
      [1, 'failed'],
    ] as const)
      await t.db.run(
        "INSERT INTO audit_log (ts, operator_email, role, action, target, outcome) VALUES (?, 'x@example.com', 'admin', 'ranged', ?, ?)",
        [now - days * 86_400, `${days} days ago`, outcome],
      );
    const ranged = (f: Omit<Parameters<typeof listAudit>[1], 'count'>) => targets({ action: 'ranged', ...f });
    expect(await ranged({ outcome: 'failed' })).toEqual(['ranged 1 days ago', 'ranged 5 days ago']);
    expect(await ranged({ since: now - 6 * 86_400, until: now - 2 * 86_400 })).toEqual([
      'ranged 5 days ago',
      'ranged 5 days ago',
    ]);
    expect(await ranged({ since: now - 6 * 86_400, outcome: 'failed' })).toEqual([
      'ranged 1 days ago',
      'ranged 5 days ago',
    ]);
    expect(await ranged({ until: now - 9 * 86_400 })).toEqual(['ranged 10 days ago']);
    expect(await ranged({ since: now + 86_400 })).toEqual([]);
  });

  it('gives entries written before the upgrade their targets, once, and removes them with their entries', async () => {
    const old = Date.now() / 1000 - 400 * 86_400;
    for (let i = 0; i < 12; i++)
      await t.db.run(
        "INSERT INTO audit_log (ts, operator_email, role, action, target, outcome) VALUES (?, 'x@example.com', 'admin', 'user.update', ?, 'ok')",
        [Math.floor(old) + i, i % 2 ? 'Legacy@Example.org' : 'someone@example.org'],
      );
    const top = await t.db.get<{ id: number }>('SELECT MAX(id) AS id FROM audit_log');
    await t.db.run('UPDATE audit_subjects_backfill SET below = ?', [Number(top?.id) + 1]);
    expect(await targets({ subject: 'legacy@example.org' })).toEqual([]);
    await backfillAuditSubjects(t.db, {});
    expect(await targets({ subject: 'legacy@example.org' })).toHaveLength(6);
    expect((await t.db.get<{ below: number }>('SELECT below FROM audit_subjects_backfill'))?.below).toBe(0);
    await backfillAuditSubjects(t.db, {}); // done: nothing again
    expect(await targets({ subject: 'legacy@example.org' })).toHaveLength(6);

    expect(await forgetAudit(t.db, Math.floor(old) + 100)).toBe(12);
    expect(await targets({ subject: 'legacy@example.org' })).toEqual([]);
    const left = await t.db.get<{ n: number }>(
      "SELECT COUNT(*) AS n FROM audit_subjects WHERE subject IN ('legacy@example.org', 'someone@example.org')",
    );
    expect(Number(left?.n)).toBe(0);
  });
});
