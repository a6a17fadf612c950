import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkAddUsers } from '@/lib/backend/seed-loader';
import { type TestEngine, testEngine } from '../../helpers/engine';

// usersget's search where each plan of lib/db/search.ts is the one taken: a filter read through
// its own index (more inactive users than a probe lists, a search none of them match), and a walk
// of the whole list (two words, each on more users than a source is read whole for). Every page
// of the answer is compared with the users the data says match, in the order asked for.
let t: TestEngine;
const USERS = 100_000;
// i % 4 = 0: Maya; Rodríguez on every 40th of them and on i % 4 = 1 (each word on 25,000 or more).
const nameOf = (i: number) => `${i % 4 === 0 ? 'Maya' : 'Zoe'} ${i % 40 === 0 || i % 4 === 1 ? 'Rodríguez' : 'Silva'}`;
// 2,000 inactive (i % 50 = 3), none named Maya; their addresses start "in.".
const inactive = (i: number) => i % 50 === 3;
const addressOf = (i: number) => `${inactive(i) ? 'in' : 'u'}.${i}@example.com`;
let uidOf: (i: number) => number;

beforeAll(async () => {
  t = await testEngine();
  const rows = Array.from({ length: USERS }, (_, i) => ({ address: addressOf(i), name: nameOf(i) }));
  await bulkAddUsers(t.db, t.appId, rows);
  await t.db.exec(`UPDATE users SET active = 0 WHERE address LIKE 'in.%'`);
  const first = Number((await t.db.get<{ uid: number }>('SELECT MIN(uid) AS uid FROM users'))?.uid);
  uidOf = (i) => first + i;
}, 180_000);
afterAll(async () => t.close());

type Page = {
  users: { uid: number; address: string }[];
  next?: string;
  total?: number;
  more?: boolean;
  atLeast?: number;
};
/** Every page of a search, in order, and the first page's count. */
async function allPages(req: Record<string, unknown>, pages = Number.POSITIVE_INFINITY) {
  const seen: string[] = [];
  let cursor: string | undefined;
  let first: Page | undefined;
  for (let n = 0; n < pages; n++) {
    const r = (await t.call({
      op: 'usersget',
      count: 25,
      ...req,
      ...(cursor ? { cursor } : { total: true }),
    })) as unknown as Page & { result: boolean };
    expect(r.result, JSON.stringify(r)).toBe(true);
    first ??= r;
    seen.push(...r.users.map((u) => u.address));
    if (!r.next) break;
    cursor = r.next;
  }
  return { seen, first: first as Page };
}
const matching = (keep: (i: number) => boolean) => Array.from({ length: USERS }, (_, i) => i).filter(keep);
const newestFirst = (is: number[]) => [...is].sort((a, b) => uidOf(b) - uidOf(a)).map(addressOf);

describe('usersget search plans', () => {
  it('reads a filter through its index: every inactive user newest first, a search none of them match, by name', async () => {
    const all = await allPages({ filter: { active: false } });
    expect(all.seen).toEqual(newestFirst(matching(inactive)));
    // Exact, or (past the count's budget) at least what was counted.
    expect(all.first.total ?? all.first.atLeast).toBeLessThanOrEqual(2_000);
    if (all.first.total === undefined) expect(all.first.more).toBe(true);
    else expect(all.first.total).toBe(2_000);

    const none = await allPages({ q: 'maya', filter: { active: false } });
    expect(none.seen).toEqual([]);
    expect(none.first.total ?? none.first.atLeast).toBe(0);

    // By name A–Z: the Rodríguez before the Silva, each oldest first.
    const byName = await allPages({ filter: { active: false }, sort: 'name' }, 3);
    const ofName = (last: string) => matching((i) => inactive(i) && nameOf(i).endsWith(last)).map(addressOf);
    expect(byName.seen).toEqual([...ofName('Rodríguez'), ...ofName('Silva')].slice(0, 75));
  });

  it('walks the list for two common words, page after page, newest first', async () => {
    const both = matching((i) => i % 40 === 0);
    const walked = await allPages({ q: 'maya rod' }, 4);
    expect(walked.seen).toEqual(newestFirst(both).slice(0, 100));
    // Oldest first too: the walk runs the other way.
    const oldest = await allPages({ q: 'RODRÍ maya', sort: 'created' }, 2);
    expect(oldest.seen).toEqual(newestFirst(both).reverse().slice(0, 50));
  });
});
