import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFailure, type TestEngine, testEngine } from '../../helpers/engine';

/**
 * groupgetmembers' pages (our extension, `groupgetmembers.pages`): members whose address starts
 * with `q` in any case, a page by its number (past the end: the last, saying so), and `total`;
 * without them, the op answers as mesibo's does.
 */
let t: TestEngine;
let gid: number;
// 250 members: 120 "Ann.N@Example.org" (mixed case as created), 130 "ben.N@example.org".
const addresses = [
  ...Array.from({ length: 120 }, (_, i) => `Ann.${i}@Example.org`),
  ...Array.from({ length: 130 }, (_, i) => `ben.${i}@example.org`),
];

beforeAll(async () => {
  t = await testEngine();
  for (let i = 0; i < addresses.length; i += 50)
    await Promise.all(addresses.slice(i, i + 50).map((address) => t.call({ op: 'useradd', user: { address } })));
  gid = (await t.call({ op: 'groupadd', group: { name: 'big' } })).group.gid;
  await t.call({ op: 'groupeditmembers', group: { gid, members: { m: addresses } } });
  await t.call({ op: 'useradd', user: { address: 'annie.outsider@example.org' } });
});
afterAll(async () => t.close());

const call = (extra: Record<string, unknown>) => t.call({ op: 'groupgetmembers', group: { gid }, ...extra });
const addressesOf = (r: Record<string, any>): string[] => r.members.map((m: { address: string }) => m.address);

describe('groupgetmembers pages', () => {
  it('answers page N of everyone with the total, and the last page for a page past the end', async () => {
    const first = await call({ page: 1, count: 100 });
    expect(first).toMatchObject({ result: true, page: 1, total: 250 });
    expect(first.members).toHaveLength(100);
    const third = await call({ page: 3, count: 100 });
    expect(third.page).toBe(3);
    expect(third.members).toHaveLength(50);
    expect(third.next).toBeUndefined();
    const past = await call({ page: 999, count: 100 });
    expect(past.page).toBe(3);
    expect(addressesOf(past)).toEqual(addressesOf(third));
    // The pages together are every member once, in uid order (as the cursor walk reads them).
    const second = await call({ page: 2, count: 100 });
    const all = [...addressesOf(first), ...addressesOf(second), ...addressesOf(third)];
    expect(new Set(all).size).toBe(250);
    const uids = [...first.members, ...second.members, ...third.members].map((m: { uid: number }) => m.uid);
    expect(uids).toEqual([...uids].sort((a, b) => a - b));
  });

  it('filters by an address prefix in any case, counted, paged and by cursor', async () => {
    const ann = await call({ q: 'ANN.', page: 2, count: 100 });
    expect(ann).toMatchObject({ page: 2, total: 120 });
    expect(ann.members).toHaveLength(20);
    expect(addressesOf(ann).every((a: string) => a.startsWith('Ann.'))).toBe(true);
    // "ann.1" is Ann.1, Ann.10–19 and Ann.100–119: 31; "annie" (not a member) is not among them.
    expect((await call({ q: 'ann.1', total: true, count: 5 })).total).toBe(31);
    const walked: string[] = [];
    let cursor: string | undefined;
    do {
      const r = await call({ q: 'Ann.1', count: 7, ...(cursor ? { cursor } : {}) });
      walked.push(...addressesOf(r));
      cursor = r.next;
    } while (cursor);
    expect(walked).toHaveLength(31);
    expect((await call({ q: 'nobody', page: 1 })).members).toEqual([]);
    expect((await call({ q: 'nobody', page: 4 })).page).toBe(1);
  });

  it('answers as mesibo does without the extension, and names a bad page', async () => {
    const plain = await call({ count: 100 });
    expect(plain.page).toBeUndefined();
    expect(plain.total).toBeUndefined();
    expect(plain.next).toBeDefined();
    expectFailure(await call({ page: 0 }), 'BADVALUE', ['page']);
    expectFailure(await call({ page: '2' }), 'BADVALUE', ['page']);
    expectFailure(await call({ page: 1_000_001 }), 'BADVALUE', ['page']);
    expectFailure(await call({ q: 5 }), 'BADVALUE', ['q']);
    expectFailure(await t.call({ op: 'groupgetmembers', group: { gid: 999999 }, page: 1 }), 'NOGROUP');
  });
});
