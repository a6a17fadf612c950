import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkAddUsers } from '@/lib/backend/seed-loader';
import { type TestEngine, testEngine } from '../../helpers/engine';

// Enough rows to drive every plan of the pattern listing: few matches, many spread-out
// matches, and many matches bunched after more than 50,000 non-matching rows.
let t: TestEngine;
beforeAll(async () => {
  t = await testEngine();
  const rows = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ address: `${prefix}${i}` }));
  await bulkAddUsers(t.db, t.appId, rows('pad-', 51_000));
  await bulkAddUsers(t.db, t.appId, rows('late-', 1_100));
  const mixed = Array.from({ length: 2_400 }, (_, i) => ({ address: `${i % 2 ? 'odd' : 'even'}-${i}` }));
  await bulkAddUsers(t.db, t.appId, mixed);
}, 120_000);
afterAll(async () => t.close());

async function listAll(pattern: string, count = 100) {
  const uids: number[] = [];
  const addresses: string[] = [];
  let cursor: string | undefined;
  do {
    const r = await t.call({ op: 'usersget', user: { address: pattern }, count, cursor });
    expect(r.result).toBe(true);
    for (const u of r.users) {
      uids.push(u.uid);
      addresses.push(u.address);
    }
    cursor = r.next;
  } while (cursor);
  return { uids, addresses };
}

describe('usersget patterns at scale', () => {
  it('lists every match exactly once in uid order, whatever the plan', async () => {
    for (const [pattern, expected] of [
      ['late-*', 1_100], // bunched after 51,000 others
      ['odd-*', 1_200], // spread out
      ['late-10*', 111], // few
      ['pad-5000*', 11],
      ['*-99', 3], // wildcard in front: pad-99, late-99 and odd-99
    ] as const) {
      const { uids, addresses } = await listAll(pattern);
      expect(uids.length, pattern).toBe(expected);
      expect(new Set(uids).size, pattern).toBe(expected);
      expect(uids, pattern).toEqual([...uids].sort((a, b) => a - b));
      const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\-]/g, '\\$&').replace(/\*/g, '.*')}$`);
      expect(
        addresses.every((a) => re.test(a)),
        pattern,
      ).toBe(true);
    }
  });

  it('bulk loading skips existing addresses', async () => {
    const added = await bulkAddUsers(t.db, t.appId, [{ address: 'late-1' }, { address: 'brand-new' }]);
    expect(added).toBe(1);
  });
});
