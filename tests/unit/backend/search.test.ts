import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkAddUsers } from '@/lib/backend/seed-loader';
import { expectFailure, type TestEngine, testEngine } from '../../helpers/engine';

// usersget's search (our extension): what support staff type finds people in any case, by a
// word of the name without accents, by the uid; the exact address first; newest first; counts.
let t: TestEngine;
let maya: { uid: number };
beforeAll(async () => {
  t = await testEngine();
  // 3,000 users whose addresses start with "maya.ro" (more than one plan's worth), then the
  // ones the tests look for, created last (newest).
  await bulkAddUsers(
    t.db,
    t.appId,
    Array.from({ length: 3_000 }, (_, i) => ({ address: `maya.ro${i}@example.net`, name: `Filler ${i}` })),
  );
  for (const [address, name] of [
    ['Ravi.Okafor@Example.com', 'Ravi Okafor'],
    ['lena.k@example.com', 'Léna Kowalski'],
    ['anna@example.com', 'Maya Angelou'],
  ])
    await t.call({ op: 'useradd', user: { address, name } });
  maya = (await t.call({ op: 'useradd', user: { address: 'maya.ro@example.org', name: 'Maya Rodríguez' } })).user;
  await t.call({ op: 'useradd', user: { address: 'zed@example.com', name: 'zed', active: false } });
  await t.call({
    op: 'useradd',
    user: { address: 'tok@example.com', name: 'Tok', token: { appid: 'com.example.ops' } },
  });
}, 120_000);
afterAll(async () => t.close());

const search = async (req: Record<string, unknown>) => {
  const r = await t.call({ op: 'usersget', ...req });
  expect(r.result, JSON.stringify(r)).toBe(true);
  return r as unknown as {
    users: { uid: number; address: string; name: string; active: boolean; tokens: unknown[] }[];
    next?: string;
    total?: number;
    more?: boolean;
  };
};
const addresses = async (req: Record<string, unknown>) => (await search(req)).users.map((u) => u.address);

describe('usersget search', () => {
  it('finds an address by a prefix in any case, the exact match pinned first', async () => {
    const r = await search({ q: 'MAYA.ro@Example.org', total: true });
    expect(r.users.map((u) => u.address)).toEqual(['maya.ro@example.org']);
    expect(r.total).toBe(1);
    const broad = await addresses({ q: 'Maya.RO', count: 5 });
    // No exact match: the newest address matches first.
    expect(broad[0]).toBe('maya.ro@example.org');
    expect((await addresses({ q: 'maya.ro@example.org' }))[0]).toBe('maya.ro@example.org');
    expect(await addresses({ q: 'ravi.okafor@example.COM' })).toEqual(['Ravi.Okafor@Example.com']);
  });

  it('finds a name by a prefix of any of its words, accents aside, after the address matches', async () => {
    expect(await addresses({ q: 'rodri' })).toEqual(['maya.ro@example.org']);
    expect(await addresses({ q: 'LENA' })).toEqual(['lena.k@example.com']);
    expect(await addresses({ q: 'kowal léna' })).toEqual(['lena.k@example.com']);
    // "maya": the addresses that start with it, newest first, then the names (Maya Angelou).
    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const r = await search({ q: 'maya', count: 100, cursor });
      all.push(...r.users.map((u) => u.address));
      cursor = r.next;
    } while (cursor);
    expect(all.length).toBe(3_002);
    expect(new Set(all).size).toBe(3_002);
    expect(all[0]).toBe('maya.ro@example.org');
    expect(all[1]).toBe('maya.ro2999@example.net');
    expect(all.at(-1)).toBe('anna@example.com');
  });

  it('finds the uid when the search is a number', async () => {
    const r = await search({ q: String(maya.uid) });
    expect(r.users[0].address).toBe('maya.ro@example.org');
  });

  it('keeps * patterns, in any case', async () => {
    expect(await addresses({ q: '*OKAFOR*' })).toEqual(['Ravi.Okafor@Example.com']);
    // A typed _ is itself, not any character (the trigram index reads more, the pattern keeps these).
    await t.call({ op: 'useradd', user: { address: 'ravi_okafor@example.org' } });
    expect(await addresses({ q: '*ravi_okafor*' })).toEqual(['ravi_okafor@example.org']);
    expect(await addresses({ q: '*i.ok*' })).toEqual(['Ravi.Okafor@Example.com']);
    await t.call({ op: 'userdel', user: { address: 'ravi_okafor@example.org' } });
    expect(await addresses({ q: '*ravi_okafor*' })).toEqual([]);
    expect(await addresses({ q: 'maya.ro29*', count: 3 })).toEqual([
      'maya.ro2999@example.net',
      'maya.ro2998@example.net',
      'maya.ro2997@example.net',
    ]);
  });

  it('lists newest first, and sorts by created, address and name', async () => {
    expect((await addresses({ sort: '-created', count: 2 })).slice(0, 2)).toEqual([
      'tok@example.com',
      'zed@example.com',
    ]);
    expect(await addresses({ sort: 'created', count: 1 })).toEqual(['maya.ro0@example.net']);
    expect(await addresses({ sort: 'address', count: 2 })).toEqual(['anna@example.com', 'lena.k@example.com']);
    const names = (await search({ sort: 'name', count: 100 })).users.map((u) => u.name);
    expect(names.slice(0, 2)).toEqual(['Filler 0', 'Filler 1']);
    // Case aside: "zed" sorts after "Tok" and before nothing else that starts later.
    const byName = [];
    let cursor: string | undefined;
    do {
      const r = await search({ sort: 'name', count: 100, cursor });
      byName.push(...r.users.map((u) => u.name));
      cursor = r.next;
    } while (cursor);
    expect(byName.length).toBe(3_006);
    expect(byName.slice(-4)).toEqual(['Maya Rodríguez', 'Ravi Okafor', 'Tok', 'zed']);
  });

  it('filters the inactive, and those holding a token for an App ID, with counts', async () => {
    const inactive = await search({ filter: { active: false }, total: true });
    expect(inactive.users.map((u) => u.address)).toEqual(['zed@example.com']);
    expect(inactive.total).toBe(1);
    const held = await search({ filter: { appid: 'com.example.ops' }, total: true });
    expect(held.users.map((u) => u.address)).toEqual(['tok@example.com']);
    expect(held.users[0].tokens).toEqual([{ appid: 'com.example.ops', expires: expect.any(Number) }]);
    expect((await search({ q: 'maya', filter: { active: false }, total: true })).total).toBe(0);
  });

  it('counts all users from the kept counts, and a broad search as "more" past 10,000', async () => {
    expect((await search({ total: true })).total).toBe(3_006);
    expect((await search({ q: 'maya.ro', total: true })).total).toBe(3_001);
    await bulkAddUsers(
      t.db,
      t.appId,
      Array.from({ length: 8_000 }, (_, i) => ({ address: `maya.rp${i}@example.net` })),
    );
    const broad = await search({ q: 'maya.r', total: true });
    expect(broad.more).toBe(true);
    expect(broad.total).toBeUndefined();
    expect((await search({ total: true })).total).toBe(11_006);
    await t.call({ op: 'userdel', user: { address: 'zed@example.com' } });
    expect((await search({ total: true })).total).toBe(11_005);
    const stats = await t.call({ op: 'stats' });
    expect(stats.stats.users).toBe(11_005);
    expect(stats.extensions).toContain('usersget.search');
  });

  it('refuses bad search fields by name, and a cursor from elsewhere', async () => {
    expectFailure(await t.call({ op: 'usersget', sort: 'age' }), 'BADVALUE', ['sort']);
    expectFailure(await t.call({ op: 'usersget', q: 7 }), 'BADVALUE', ['q']);
    expectFailure(await t.call({ op: 'usersget', filter: { active: 'yes' } }), 'BADVALUE', ['filter.active']);
    expectFailure(await t.call({ op: 'usersget', q: 'maya', cursor: 'bm9wZQ' }), 'BADVALUE', ['cursor']);
    expectFailure(await t.call({ op: 'usersget', q: 'a\u0000' }), 'BADVALUE', ['q']);
  });

  it('finds a row written without keys since the start (an older instance, by hand), spaces at its ends kept', async () => {
    await t.db.run('INSERT INTO users (app_id, address, name, active, flags, ts) VALUES (?, ?, ?, 1, 0, 0)', [
      t.appId,
      ' Legacy.One',
      'Old Timer',
    ]);
    expect(await addresses({ q: ' legacy.o' })).toEqual([' Legacy.One']);
    expect(await addresses({ q: 'timer' })).toEqual([' Legacy.One']);
    await t.call({ op: 'userdel', user: { address: ' Legacy.One' } });
  });

  it('answers mesibo clients as before without the search fields: uid order, numeric cursors', async () => {
    const r = await t.call({ op: 'usersget', count: 2 });
    expect(r.users.map((u: { address: string }) => u.address)).toEqual([
      'maya.ro0@example.net',
      'maya.ro1@example.net',
    ]);
    expect(r.next).toMatch(/^\d+$/);
    expect(r.total).toBeUndefined();
  });
});

describe('groupsget search', () => {
  it('finds a word of the name in any case and accents aside, the gid; sorts; filters Who can send and Delivery; counts', async () => {
    const add = async (name: string, flags = 0) =>
      (await t.call({ op: 'groupadd', group: { name, flags } })).group.gid as number;
    const team = await add('Équipe Maya Rodríguez');
    await add('Support desk', 0x2);
    const turns = await add('Support in turn', 0x20 | 0x1);
    const names = async (req: Record<string, unknown>) => {
      const r = await t.call({ op: 'groupsget', ...req });
      expect(r.result, JSON.stringify(r)).toBe(true);
      return r.groups.map((g: { name: string }) => g.name);
    };
    expect(await names({ q: 'EQUIPE' })).toEqual(['Équipe Maya Rodríguez']);
    expect(await names({ q: 'rodr maya' })).toEqual(['Équipe Maya Rodríguez']);
    expect(await names({ q: String(team) })).toEqual(['Équipe Maya Rodríguez']);
    expect(await names({ q: 'supp' })).toEqual(['Support in turn', 'Support desk']); // newest first
    expect(await names({ q: 'supp', sort: 'name' })).toEqual(['Support desk', 'Support in turn']);
    expect(await names({ q: 'supp*' })).toEqual(['Support in turn', 'Support desk']);
    expect(await names({ filter: { send: 'anyone' } })).toEqual(['Support desk']);
    expect(await names({ filter: { send: 'selected', delivery: 'one' } })).toEqual(['Support in turn']);
    expect(await names({ filter: { send: 'members' } })).toEqual(['Équipe Maya Rodríguez']);
    expect((await t.call({ op: 'groupsget', q: 'supp', total: true })).total).toBe(2);
    expect((await t.call({ op: 'groupsget', total: true })).total).toBe(3);
    await t.call({ op: 'groupset', group: { gid: turns, name: 'Rota' } });
    expect(await names({ q: 'supp' })).toEqual(['Support desk']);
    expectFailure(await t.call({ op: 'groupsget', sort: 'address' }), 'BADVALUE', ['sort']);
    expectFailure(await t.call({ op: 'groupsget', filter: { send: 'all' } }), 'BADVALUE', ['filter.send']);
    const stats = await t.call({ op: 'stats' });
    expect(stats.extensions).toEqual([
      'usersget.search',
      'groupsget.search',
      'usergroupsget',
      'messagesget.range',
      'groupgetmembers.pages',
      'stats.activity',
    ]);
    expect(stats.stats.groups).toBe(3);
  });
});
