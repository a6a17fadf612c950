import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Directory } from '@/lib/console/directory';
import { DirectoryGroups } from '@/lib/console/directory-groups';
import { putPresence } from '@/lib/console/webhooks';
import { remoteConsoleApp, type TestEngine, testEngine } from '../../../helpers/engine';

/** The console's directory of users (apps whose backend cannot list), on SQLite and PostgreSQL alike. */
let t: TestEngine;
let appId: number;
let otherApp: number;
beforeAll(async () => {
  t = await testEngine();
  appId = await remoteConsoleApp(t.db, 'cloud');
  otherApp = await remoteConsoleApp(t.db, 'cloud-2');
});
afterAll(async () => t.close());

describe('the directory of users', () => {
  it('keeps what succeeded: name, state, App IDs with expiry (never a token), per app', async () => {
    const dir = new Directory(t.db);
    await dir.putUser(appId, { address: 'ann@example.com', name: 'Ann', token: { appid: 'web', expires: 100 } });
    await dir.putUser(appId, { address: 'ann@example.com', active: false, token: { appid: 'ios', expires: 200 } });
    await dir.putUser(appId, { address: 'ann@example.com', token: { appid: 'web', expires: 300 } });
    expect(await dir.getUser(appId, 'ann@example.com')).toMatchObject({
      name: 'Ann',
      active: false,
      source: 'console',
      unconfirmedTs: 0,
      tokens: [
        { appid: 'ios', expires: 200 },
        { appid: 'web', expires: 300 },
      ],
    });
    expect(await dir.getUser(otherApp, 'ann@example.com')).toBeUndefined();
    await dir.removeToken(appId, 'ann@example.com', 'ios');
    expect((await dir.getUser(appId, 'ann@example.com'))?.tokens).toEqual([{ appid: 'web', expires: 300 }]);
  });

  it("keeps the backend's uid and name for a user first seen when a token was generated for it", async () => {
    const dir = new Directory(t.db);
    await dir.putUser(
      appId,
      { address: 'maya@example.org', uid: 4711, name: 'Maya', active: true, token: { appid: 'web', expires: 9 } },
      'seen',
    );
    expect(await dir.getUser(appId, 'maya@example.org')).toMatchObject({ uid: 4711, name: 'Maya', source: 'seen' });
    // A later change that does not say the uid keeps it; one that does updates it.
    await dir.putUser(appId, { address: 'maya@example.org', active: false });
    expect((await dir.getUser(appId, 'maya@example.org'))?.uid).toBe(4711);
    await dir.putUser(appId, { address: 'maya@example.org', uid: 4712 });
    expect(await dir.getUser(appId, 'maya@example.org')).toMatchObject({ uid: 4712, source: 'seen', active: false });
  });

  it('an unknown outcome marks the user unconfirmed until a change succeeds', async () => {
    const dir = new Directory(t.db);
    await dir.markUnconfirmed(appId, 'ben@example.com'); // a user it did not know yet
    expect((await dir.getUser(appId, 'ben@example.com'))?.unconfirmedTs).toBeGreaterThan(0);
    await dir.putUser(appId, { address: 'ben@example.com', name: 'Ben' });
    expect(await dir.getUser(appId, 'ben@example.com')).toMatchObject({ name: 'Ben', unconfirmedTs: 0 });
    await dir.removeUser(appId, 'ben@example.com');
    expect(await dir.getUser(appId, 'ben@example.com')).toBeUndefined();
  });

  it('searches by prefix and * pattern and pages with a keyset cursor, like the bundled backend', async () => {
    const dir = new Directory(t.db);
    for (let i = 0; i < 7; i++) await dir.putUser(otherApp, { address: `page-${i}@example.com` });
    await dir.putUser(otherApp, { address: 'other@example.org' });
    const first = await dir.listUsers(otherApp, { q: 'page-*', sort: 'created' }, undefined, 5);
    expect(first.users.map((u) => u.address)).toEqual([0, 1, 2, 3, 4].map((i) => `page-${i}@example.com`));
    const second = await dir.listUsers(otherApp, { q: 'page-*', sort: 'created' }, first.next, 5);
    expect(second.users.map((u) => u.address)).toEqual(['page-5@example.com', 'page-6@example.com']);
    expect(second.next).toBeUndefined();
    expect(
      (await dir.listUsers(otherApp, { q: '*@example.org', sort: 'created' }, undefined, 5)).users.map(
        (u) => u.address,
      ),
    ).toEqual(['other@example.org']);
    // A % or _ typed is a character, not a wildcard.
    expect((await dir.listUsers(otherApp, { q: 'page_*', sort: 'created' }, undefined, 5)).users).toEqual([]);
    expect(await dir.countUsers(otherApp)).toBe(8);
  });
});

describe("the directory's search, as support staff type", () => {
  it('finds any case, a word of the name without accents, and the uid; the exact address first; counts', async () => {
    const dir = new Directory(t.db);
    const app = await remoteConsoleApp(t.db, 'cloud-search');
    await dir.tx((q) =>
      dir.putUsers(
        q,
        app,
        [
          ...Array.from({ length: 30 }, (_, i) => ({ address: `maya.ro${i}@example.net`, name: `Filler ${i}` })),
          { address: 'maya.ro@example.org', name: 'Maya Rodríguez', uid: 237234 },
          {
            address: 'Lena.K@Example.com',
            name: 'Léna Kowalski',
            active: false,
            appIds: [{ appid: 'ops', expires: 0 }],
          },
        ],
        'import',
      ),
    );
    const find = async (q: string, more: Partial<Parameters<Directory['listUsers']>[1]> = {}) =>
      (await dir.listUsers(app, { q, sort: '-created', ...more }, undefined, 50)).users.map((u) => u.address);
    expect((await find('MAYA.ro@Example.ORG'))[0]).toBe('maya.ro@example.org');
    expect(await find('rodri')).toEqual(['maya.ro@example.org']);
    expect(await find('237234')).toEqual(['maya.ro@example.org']);
    expect(await find('lena.k@example.com')).toEqual(['Lena.K@Example.com']);
    expect(await find('LENA')).toEqual(['Lena.K@Example.com']); // the address, then the name: one row
    expect(await find('', { active: false })).toEqual(['Lena.K@Example.com']);
    expect(await find('', { appid: 'ops' })).toEqual(['Lena.K@Example.com']);
    expect(await find('*@EXAMPLE.org')).toEqual(['maya.ro@example.org']);
    // A renamed user is found by its new name only.
    await dir.putUser(app, { address: 'maya.ro@example.org', name: 'Maya Okafor' });
    expect(await find('rodri')).toEqual([]);
    expect(await find('okaf')).toEqual(['maya.ro@example.org']);
    const all = await dir.listUsers(app, { q: '', sort: 'name' }, undefined, 2);
    expect(all.count).toEqual({ total: 32 });
    expect(all.users.map((u) => u.name)).toEqual(['Filler 0', 'Filler 1']);
    expect((await dir.listUsers(app, { q: 'maya', sort: '-created' }, undefined, 2)).count).toEqual({ total: 31 });
    // Later pages are not counted again; every match is listed once.
    const seen: string[] = [];
    let next: string | undefined;
    do {
      const page = await dir.listUsers(app, { q: 'maya.ro', sort: 'address' }, next, 7);
      if (next) expect(page.count).toBeUndefined();
      seen.push(...page.users.map((u) => u.address));
      next = page.next;
    } while (next);
    expect(seen.length).toBe(31);
    expect(seen).toEqual([...seen].sort()); // A–Z (no address is exactly "maya.ro")
    await dir.removeUser(app, 'maya.ro0@example.net');
    expect(await dir.countUsers(app)).toBe(31);
  });
});

describe('the users webhooks reported', () => {
  it('lists them last seen first or online now, with a search, a page at a time', async () => {
    const dir = new Directory(t.db);
    const app = await remoteConsoleApp(t.db, 'cloud-seen');
    const seen = [
      { address: 'seen-a@x.com', online: true, ts: 5000 },
      { address: 'seen-b@x.com', online: false, ts: 4000 },
      { address: 'seen-c@y.com', online: true, ts: 3000 },
      { address: 'seen-d@x.com', online: true, ts: 100 }, // online, but too long ago
    ];
    await t.db.tx(async (q) => {
      await dir.addUnknown(
        q,
        app,
        seen.map((s) => s.address),
        'webhook',
      );
      await putPresence(q, app, seen);
    });
    const list = async (online: boolean, pattern: string, count = 10) => {
      const addresses: string[] = [];
      let after: { seen: number; id: number } | undefined;
      for (;;) {
        const page = await dir.listBySeen(app, { online, onlineSince: 1000, pattern }, after, count);
        addresses.push(...page.users.map((u) => u.address));
        if (!page.next) return addresses;
        const [ts, id] = page.next.split(':').map(Number);
        after = { seen: ts, id };
      }
    };
    expect(await list(false, '')).toEqual(['seen-a@x.com', 'seen-b@x.com', 'seen-c@y.com', 'seen-d@x.com']);
    expect(await list(false, '', 1)).toEqual(['seen-a@x.com', 'seen-b@x.com', 'seen-c@y.com', 'seen-d@x.com']);
    expect(await list(true, '')).toEqual(['seen-a@x.com', 'seen-c@y.com']);
    expect(await list(true, '*@y.com')).toEqual(['seen-c@y.com']);
    expect(await list(false, 'seen-b*')).toEqual(['seen-b@x.com']);
    expect(await list(true, 'seen-b*')).toEqual([]);
  });
});

describe('the directory of groups and messages', () => {
  it('keeps groups as the backend answered, members with permissions, and finds messages by sender, recipient and group', async () => {
    const dir = new DirectoryGroups(t.db);
    await dir.putGroup(appId, { gid: 41, name: 'Team', flags: 0, active: true, members: 0 });
    await dir.putGroup(appId, { gid: 42, name: 'Other', flags: 1, active: true, members: 0 });
    await dir.putMembers(appId, 41, ['ann', 'ben'], { send: true, recv: true });
    await dir.putMembers(appId, 41, ['ben'], { send: false });
    await dir.putGroup(appId, { gid: 41, name: 'Team A', flags: 0, active: true, members: 2 });
    const members = await t.db.all<{ address: string; send: number; recv: number }>(
      'SELECT address, send, recv FROM directory_members WHERE app_id = ? AND gid = 41 ORDER BY address',
      [appId],
    );
    expect(members.map((m) => [m.address, Number(m.send), Number(m.recv)])).toEqual([
      ['ann', 1, 1],
      ['ben', 0, 1],
    ]);
    expect((await dir.listGroups(appId, { q: 'Team*', sort: 'created' }, undefined, 10)).groups).toMatchObject([
      { gid: 41, name: 'Team A', members: 2 },
    ]);
    // Words of the name in any case, the gid; Who can send; counted.
    await dir.putGroup(appId, { gid: 43, name: 'Équipe Support', flags: 0x2, active: true, members: 0 });
    const named = async (query: Parameters<DirectoryGroups['listGroups']>[1]) =>
      (await dir.listGroups(appId, query, undefined, 10)).groups.map((g) => g.gid);
    expect(await named({ q: 'equipe', sort: '-created' })).toEqual([43]);
    expect(await named({ q: 'SUPP', sort: '-created' })).toEqual([43]);
    expect(await named({ q: '41', sort: '-created' })).toEqual([41]);
    expect(await named({ q: '', sort: '-created', send: 'anyone' })).toEqual([43]);
    expect((await dir.listGroups(appId, { q: 'team', sort: 'name' }, undefined, 10)).count).toEqual({ total: 1 });
    await dir.markUnconfirmed(appId, 42);
    expect((await dir.getGroup(appId, 42))?.unconfirmedTs).toBeGreaterThan(0);
    await dir.removeGroup(appId, 41);
    expect(await dir.getGroup(appId, 41)).toBeUndefined();

    await dir.addMessage(appId, { mid: 1, from: 'ann', to: ['ben', 'c%d'], message: 'one' });
    await dir.addMessage(appId, { mid: 2, from: 'ben', to: [], gid: 42, message: 'two' });
    await dir.addMessage(appId, { mid: 0, from: 'ann', to: ['cd'], message: 'lost', unconfirmed: true });
    const texts = async (f: { from?: string; to?: string; gid?: number }) =>
      (await dir.listMessages(appId, f, undefined, 10)).messages.map((m) => m.message);
    expect(await texts({})).toEqual(['lost', 'two', 'one']);
    expect(await texts({ from: 'ann' })).toEqual(['lost', 'one']);
    expect(await texts({ to: 'c%d' })).toEqual(['one']); // % is a character, not a wildcard
    expect(await texts({ to: 'b' })).toEqual([]); // whole addresses only
    expect(await texts({ gid: 42 })).toEqual(['two']);
    const page = await dir.listMessages(appId, {}, undefined, 2);
    expect(page.messages[0]).toMatchObject({ unconfirmed: true, mid: 0 });
    expect((await dir.listMessages(appId, {}, page.next, 2)).messages.map((m) => m.message)).toEqual(['one']);
    expect(await dir.counts(appId)).toEqual({ groups: 2, messages: 3 });
  });

  it('lists the messages sent in a time range, newest first, page after page', async () => {
    const dir = new DirectoryGroups(t.db);
    const BASE = 1_900_000_000;
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      // One an hour for two days; every fifth sent by an instance whose clock was 30 s behind.
      for (let i = 0; i < 48; i++) {
        vi.setSystemTime((BASE + i * 3600 - (i % 5 === 0 ? 3630 : 0)) * 1000);
        await dir.addMessage(otherApp, { mid: 1000 + i, from: 'ann', to: ['ben'], message: `h${i}` });
      }
    } finally {
      vi.useRealTimers();
    }
    const read = async (range: { since?: number; until?: number }) => {
      const texts: string[] = [];
      let before: number | undefined;
      do {
        const page = await dir.listMessages(otherApp, range, before, 4);
        texts.push(...page.messages.map((m) => m.message));
        before = page.next;
      } while (before);
      return texts;
    };
    const hours = (from: number, to: number) =>
      Array.from({ length: 48 }, (_, i) => i)
        .filter((i) => {
          const ts = BASE + i * 3600 - (i % 5 === 0 ? 3630 : 0);
          return ts >= BASE + from * 3600 - 15 && ts < BASE + to * 3600 - 15;
        })
        .reverse()
        .map((i) => `h${i}`);
    expect(await read({ since: BASE + 6 * 3600 - 15, until: BASE + 20 * 3600 - 15 })).toEqual(hours(6, 20));
    expect(await read({ since: BASE + 40 * 3600 - 15 })).toEqual(hours(40, 48));
    expect(await read({ until: BASE - 3600 })).toEqual(['h0']); // sent 30 s earlier
    expect(await read({ until: BASE - 7200 })).toEqual([]);
    expect((await dir.listMessages(otherApp, { from: 'ann', since: BASE + 47 * 3600 }, undefined, 5)).messages).toEqual(
      [expect.objectContaining({ message: 'h47', ts: BASE + 47 * 3600 })],
    );
  });
});
