import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectFailure, snapshot, type TestEngine, testEngine } from '../../helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await testEngine();
});
afterAll(async () => t.close());

let seq = 0;
let prefix = '';
beforeEach(() => {
  prefix = `u${++seq}-`; // every test works on its own addresses
});
const a = (name: string) => prefix + name;

describe('useradd', () => {
  it('creates a user and returns its uid, fields and no token when none is asked for', async () => {
    const r = await t.call({ op: 'useradd', user: { address: a('alice'), name: 'Alice' } });
    expect(r).toMatchObject({
      op: 'useradd',
      result: true,
      user: { address: a('alice'), name: 'Alice', active: true, flags: 0 },
    });
    expect(r.user.uid).toBeGreaterThan(0);
    expect(r.user.token).toBeUndefined();
  });

  it('issues a token bound to an appid, default expiry one year, returned once and validating', async () => {
    const before = Math.floor(Date.now() / 1000);
    const r = await t.call({ op: 'useradd', user: { address: a('bob'), token: { appid: 'com.example.app' } } });
    expect(r.user.token).toMatch(/^[a-z0-9]{40,}$/);
    expect(r.user.appid).toBe('com.example.app');
    expect(r.user.expires).toBeGreaterThanOrEqual(before + 525_600 * 60);
    expect(r.user.expires).toBeLessThanOrEqual(before + 525_600 * 60 + 5);
    const valid = await t.engine.validateAccessToken(t.appId, r.user.token);
    expect(valid).toMatchObject({ address: a('bob'), appid: 'com.example.app' });
    const listed = await t.call({ op: 'usersget', user: { address: a('bob') } });
    expect(JSON.stringify(listed)).not.toContain(r.user.token);
  });

  it('expiry 0 never expires; expiry is minutes', async () => {
    const never = await t.call({ op: 'useradd', user: { address: a('n'), token: { appid: 'web', expiry: 0 } } });
    expect(never.user.expires).toBe(0);
    const hour = await t.call({ op: 'useradd', user: { address: a('h'), token: { appid: 'web', expiry: 60 } } });
    expect(hour.user.expires - Math.floor(Date.now() / 1000)).toBeGreaterThan(3590);
    expect(hour.user.expires - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(3600);
  });

  it('on an existing address updates only the given fields, keeps the uid, never a duplicate error', async () => {
    const first = await t.call({ op: 'useradd', user: { address: a('c'), name: 'C', flags: 5, active: false } });
    const again = await t.call({ op: 'useradd', user: { address: a('c'), name: 'C2' } });
    expect(again.result).toBe(true);
    expect(again.user).toMatchObject({ uid: first.user.uid, name: 'C2', flags: 5, active: false });
  });

  it('a new token for the same appid replaces the old one, which stops validating; other appids stay', async () => {
    const one = await t.call({ op: 'useradd', user: { address: a('d'), token: { appid: 'android' } } });
    const web = await t.call({ op: 'useradd', user: { address: a('d'), token: { appid: 'web' } } });
    const two = await t.call({ op: 'useradd', user: { address: a('d'), token: { appid: 'android' } } });
    expect(two.user.token).not.toBe(one.user.token);
    expect(await t.engine.validateAccessToken(t.appId, one.user.token)).toBeNull();
    expect(await t.engine.validateAccessToken(t.appId, two.user.token)).not.toBeNull();
    expect(await t.engine.validateAccessToken(t.appId, web.user.token)).not.toBeNull();
  });

  it('accepts 0/1 for booleans and null or ignored fields the way real clients send them', async () => {
    const r = await t.call({
      op: 'useradd',
      user: { address: a('e'), active: 0, flags: null, otp: null, token: { appid: 'x', session: 1, v2: true } },
      unknownTop: { deep: 1 },
    });
    expect(r.result).toBe(true);
    expect(r.user.active).toBe(false);
    expect(r.user.flags).toBe(0);
  });

  it('rejects bad fields with BADVALUE listing every one, and changes nothing', async () => {
    const before = await snapshot(t.db);
    const r = expectFailure(
      await t.call({ op: 'useradd', user: { address: 'x'.repeat(64), name: 7, active: 'yes', token: { expiry: -1 } } }),
      'BADVALUE',
      ['user.address', 'user.name', 'user.active', 'user.token.appid', 'user.token.expiry'],
    );
    expect(r.code).toBe(400);
    expect(r.cause).toContain('user.address');
    expectFailure(await t.call({ op: 'useradd' }), 'BADVALUE', ['user.address']);
    expectFailure(await t.call({ op: 'useradd', user: 'alice' }), 'BADVALUE', ['user']);
    expectFailure(await t.call({ op: 'useradd', user: { address: 'tab\there' } }), 'BADVALUE', ['user.address']);
    expectFailure(await t.call({ op: 'useradd', user: { address: '' } }), 'BADVALUE', ['user.address']);
    expect(await snapshot(t.db)).toBe(before);
  });

  it('keeps addresses case-sensitive and accepts unicode up to 63 characters', async () => {
    const lower = await t.call({ op: 'useradd', user: { address: a('case') } });
    const upper = await t.call({ op: 'useradd', user: { address: a('CASE') } });
    expect(upper.user.uid).not.toBe(lower.user.uid);
    const uni = await t.call({ op: 'useradd', user: { address: `${prefix}héllo-世界-🙂` } });
    expect(uni.result).toBe(true);
    expect(uni.user.address).toBe(`${prefix}héllo-世界-🙂`);
  });
});

describe('userset', () => {
  it('updates the given fields; NOUSER for an unknown address; uid accepted instead of address', async () => {
    const u = await t.call({ op: 'useradd', user: { address: a('f'), name: 'F' } });
    const r = await t.call({ op: 'userset', user: { address: a('f'), active: false } });
    expect(r.user).toMatchObject({ name: 'F', active: false });
    const byUid = await t.call({ op: 'userset', user: { uid: u.user.uid, name: 'by uid' } });
    expect(byUid.user).toMatchObject({ address: a('f'), name: 'by uid' });
    const missing = expectFailure(await t.call({ op: 'userset', user: { address: a('ghost') } }), 'NOUSER', [
      'user.address',
    ]);
    expect(missing.code).toBe(404);
    expect(missing.cause).toContain(a('ghost'));
    expectFailure(await t.call({ op: 'userset', user: { name: 'x' } }), 'BADVALUE', ['user.address']);
  });

  it('token.remove deletes one appid token, or all tokens without appid', async () => {
    const web = await t.call({ op: 'useradd', user: { address: a('g'), token: { appid: 'web' } } });
    const ios = await t.call({ op: 'useradd', user: { address: a('g'), token: { appid: 'ios' } } });
    await t.call({ op: 'userset', user: { address: a('g'), token: { remove: true, appid: 'web' } } });
    expect(await t.engine.validateAccessToken(t.appId, web.user.token)).toBeNull();
    expect(await t.engine.validateAccessToken(t.appId, ios.user.token)).not.toBeNull();
    const r = await t.call({ op: 'userset', user: { address: a('g'), token: { remove: 1 } } });
    expect(r.result).toBe(true);
    expect(await t.engine.validateAccessToken(t.appId, ios.user.token)).toBeNull();
    const listed = await t.call({ op: 'usersget', user: { address: a('g') } });
    expect(listed.users[0].tokens).toEqual([]);
  });
});

describe('userdel and usertoken', () => {
  it('userdel removes the user, its tokens and memberships; messages it sent stay', async () => {
    const u = await t.call({ op: 'useradd', user: { address: a('h'), token: { appid: 'web' } } });
    await t.call({ op: 'useradd', user: { address: a('i') } });
    const g = await t.call({ op: 'groupadd', group: { name: 'g', members: { m: [a('h'), a('i')] } } });
    const sent = await t.call({ op: 'message', message: { from: a('h'), to: a('i'), message: 'hello' } });
    const r = await t.call({ op: 'userdel', user: { address: a('h') } });
    expect(r).toMatchObject({ result: true, user: { address: a('h') } });
    expect(await t.engine.validateAccessToken(t.appId, u.user.token)).toBeNull();
    const members = await t.call({ op: 'groupgetmembers', group: { gid: g.group.gid } });
    expect(members.members.map((m: any) => m.address)).toEqual([a('i')]);
    const log = await t.call({ op: 'messagesget', message: { from: a('h') } });
    expect(log.messages.map((m: any) => m.mid)).toEqual([sent.mid]);
    expectFailure(await t.call({ op: 'userdel', user: { address: a('h') } }), 'NOUSER');
  });

  it('usertoken issues a token for an existing user (by address or uid); NOUSER otherwise', async () => {
    const u = await t.call({ op: 'useradd', user: { address: a('j'), active: false } });
    const r = await t.call({ op: 'usertoken', user: { uid: u.user.uid, token: { appid: 'web', expiry: 10 } } });
    expect(r.user).toMatchObject({ address: a('j'), appid: 'web', active: false });
    expect(await t.engine.validateAccessToken(t.appId, r.user.token)).not.toBeNull();
    expectFailure(await t.call({ op: 'usertoken', user: { address: a('zz'), token: { appid: 'web' } } }), 'NOUSER');
    expectFailure(await t.call({ op: 'usertoken', user: { address: a('j') } }), 'BADVALUE', ['user.token.appid']);
  });
});

describe('usersget', () => {
  it('pages by uid with a cursor, prefix and wildcard patterns, exact match without *', async () => {
    for (let i = 0; i < 25; i++)
      await t.call({ op: 'useradd', user: { address: a(`p${String(i).padStart(2, '0')}`) } });
    await t.call({ op: 'useradd', user: { address: a('other') } });
    const first = await t.call({ op: 'usersget', user: { address: `${a('p')}*` }, count: 10 });
    expect(first.users).toHaveLength(10);
    expect(typeof first.next).toBe('string');
    const second = await t.call({ op: 'usersget', user: { address: `${a('p')}*` }, count: 10, cursor: first.next });
    const third = await t.call({ op: 'usersget', user: { address: `${a('p')}*` }, count: 10, cursor: second.next });
    expect(third.users).toHaveLength(5);
    expect(third.next).toBeUndefined();
    const all = [...first.users, ...second.users, ...third.users].map((u: any) => u.uid);
    expect(all).toEqual([...all].sort((x, y) => x - y));
    expect(new Set(all).size).toBe(25);
    const mid = await t.call({ op: 'usersget', user: { address: `*${a('p1')}*` } });
    expect(mid.users.map((u: any) => u.address)).toEqual(Array.from({ length: 10 }, (_, i) => a(`p1${i}`)));
    const exact = await t.call({ op: 'usersget', user: { address: a('p07') } });
    expect(exact.users.map((u: any) => u.address)).toEqual([a('p07')]);
    expect(exact.users[0]).toMatchObject({ active: true, flags: 0, tokens: [] });
    expect(typeof exact.users[0].ts).toBe('number');
  });

  it('treats LIKE metacharacters literally', async () => {
    await t.call({ op: 'useradd', user: { address: a('100%_x') } });
    await t.call({ op: 'useradd', user: { address: a('100ab') } });
    const r = await t.call({ op: 'usersget', user: { address: `${a('100%_')}*` } });
    expect(r.users.map((u: any) => u.address)).toEqual([a('100%_x')]);
  });

  it('sees writes made through another connection (another process, like the command line)', async () => {
    await t.call({ op: 'useradd', user: { address: a('seen') } });
    const before = await t.call({ op: 'usersget', user: { address: `${a('seen')}*` } });
    expect(before.users).toHaveLength(1);
    // A second engine on the same database stands in for another process.
    const other = await t.openSecond();
    await other.callAsApp(t.appId, { op: 'useradd', user: { address: a('seen-too') } });
    await new Promise((r) => setTimeout(r, 150)); // read snapshots live at most 100 ms
    const after = await t.call({ op: 'usersget', user: { address: `${a('seen')}*` } });
    expect(after.users.map((u: any) => u.address)).toEqual([a('seen'), a('seen-too')]);
    await other.db.close();
  });

  it('rejects count outside 1..100 and bad cursors', async () => {
    expectFailure(await t.call({ op: 'usersget', count: 0 }), 'BADVALUE', ['count']);
    expectFailure(await t.call({ op: 'usersget', count: 101 }), 'BADVALUE', ['count']);
    expectFailure(await t.call({ op: 'usersget', count: '10' }), 'BADVALUE', ['count']);
    expectFailure(await t.call({ op: 'usersget', cursor: 'abc' }), 'BADVALUE', ['cursor']);
    const page = await t.call({ op: 'usersget', count: 100 });
    expect(page.users.length).toBeLessThanOrEqual(100);
  });
});
