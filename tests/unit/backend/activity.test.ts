import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkAddUsers } from '@/lib/backend/seed-loader';
import { expectFailure, type TestEngine, testEngine } from '../../helpers/engine';

// `stats` with `activity` (stats.activity): an app's messages sent and users created per
// quarter hour, kept as rows are written by any path (ops, bulk loads), and only the app's own.
let t: TestEngine;
let gid: number;
const now = () => Math.floor(Date.now() / 1000);
const quarter = (ts: number) => ts - (ts % 900);
beforeAll(async () => {
  t = await testEngine();
  for (const a of ['ana', 'ben', 'cy']) await t.call({ op: 'useradd', user: { address: a } });
  gid = (await t.call({ op: 'groupadd', group: { name: 'g', members: { m: ['ana', 'ben'] } } })).group.gid;
}, 60_000);
afterAll(async () => t.close());

const activity = async (since: number, until: number) => {
  const r = await t.call({ op: 'stats', activity: { since, until } });
  expect(r.result, JSON.stringify(r)).toBe(true);
  return r.activity as { bucket: number; direct: number[][]; group: number[][]; users: number[][] };
};
const sum = (series: number[][]) => series.reduce((a, [, n]) => a + n, 0);

describe('stats.activity', () => {
  it('counts messages direct and to groups, and users created, in the quarter hour they happened', async () => {
    const before = await activity(now() - 3600, now() + 900);
    await Promise.all([
      ...Array.from({ length: 7 }, (_, i) =>
        t.call({ op: 'message', message: { from: 'ana', to: 'ben', message: `d${i}` } }),
      ),
      ...Array.from({ length: 3 }, (_, i) =>
        t.call({ op: 'message', message: { from: 'ana', gid, message: `g${i}` } }),
      ),
    ]);
    await bulkAddUsers(
      t.db,
      t.appId,
      Array.from({ length: 50 }, (_, i) => ({ address: `bulk-${i}` })),
    );
    await t.call({ op: 'useradd', user: { address: 'ana', name: 'Ana again' } }); // a change, not a new user
    const after = await activity(now() - 3600, now() + 900);
    expect(after.bucket).toBe(900);
    expect(sum(after.direct) - sum(before.direct)).toBe(7);
    expect(sum(after.group) - sum(before.group)).toBe(3);
    expect(sum(after.users) - sum(before.users)).toBe(50);
    expect(after.direct.at(-1)?.[0]).toBe(quarter(now()));
    // A quarter hour appears once, its shards added up.
    const buckets = after.users.map(([b]) => b);
    expect(new Set(buckets).size).toBe(buckets.length);
  });

  it('keeps a deleted user and its messages in what happened', async () => {
    const before = await activity(now() - 3600, now() + 900);
    await t.call({ op: 'userdel', user: { address: 'cy' } });
    const after = await activity(now() - 3600, now() + 900);
    expect(sum(after.users)).toBe(sum(before.users));
    expect(sum(after.direct)).toBe(sum(before.direct));
  });

  it('answers only the range asked, and nothing of another app', async () => {
    const old = await activity(now() - 30 * 86_400, now() - 29 * 86_400);
    expect(old).toMatchObject({ direct: [], group: [], users: [] });
    const other = await t.engine.apps.create('Other');
    const r = await t.engine.call({
      token: other.token,
      op: 'stats',
      activity: { since: now() - 3600, until: now() + 900 },
    });
    expect(r.body).toMatchObject({ result: true, activity: { direct: [], group: [], users: [] } });
  });

  it('adds quarters up by the hour from the start asked, and gives a previous window as totals', async () => {
    const hourAgo = quarter(now()) - 3600; // on a quarter hour, as the console asks
    const byQuarter = await activity(hourAgo, now() + 900);
    const r = await t.call({
      op: 'stats',
      activity: {
        since: hourAgo,
        until: now() + 900,
        step: 3600,
        previous: { since: hourAgo - 86_400, until: now() + 900 },
      },
    });
    expect(r.activity.bucket).toBe(3600);
    // Every period starts a whole hour from `since`, and holds what its quarters held.
    for (const [start] of r.activity.direct) expect((start - hourAgo) % 3600).toBe(0);
    expect(sum(r.activity.direct)).toBe(sum(byQuarter.direct));
    expect(r.activity.previous).toEqual({
      direct: sum(byQuarter.direct),
      group: sum(byQuarter.group),
      users: sum(byQuarter.users),
    });
  });

  it('refuses a range that is not one, by the field', async () => {
    expectFailure(await t.call({ op: 'stats', activity: { since: 0, until: 900, step: 60 } }), 'BADVALUE', [
      'activity.step',
    ]);
    expectFailure(
      await t.call({ op: 'stats', activity: { since: 0, until: 900, previous: { since: 900, until: 0 } } }),
      'BADVALUE',
      ['activity.previous.until'],
    );
    expectFailure(await t.call({ op: 'stats', activity: { since: 10 } }), 'BADVALUE', ['activity.until']);
    expectFailure(await t.call({ op: 'stats', activity: { until: 10 } }), 'BADVALUE', ['activity.since']);
    expectFailure(await t.call({ op: 'stats', activity: { since: 20, until: 10 } }), 'BADVALUE', ['activity.until']);
    expectFailure(await t.call({ op: 'stats', activity: { since: 0, until: 63 * 86_400 } }), 'BADVALUE', [
      'activity.until',
    ]);
    expectFailure(await t.call({ op: 'stats', activity: { since: 'yesterday', until: 10 } }), 'BADVALUE', [
      'activity.since',
    ]);
    expectFailure(await t.call({ op: 'stats', activity: 'today' }), 'BADVALUE', ['activity']);
    // Without it, stats answers as before.
    expect((await t.call({ op: 'stats' })).activity).toBeUndefined();
  });
});
