import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectFailure, snapshot, type TestEngine, testEngine } from '../../helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await testEngine();
});
afterAll(async () => t.close());

let seq = 0;
let prefix = '';
beforeEach(async () => {
  prefix = `g${++seq}-`;
  for (const n of ['ann', 'ben', 'cat', 'dan'])
    await t.call({ op: 'useradd', user: { address: a(n), name: n.toUpperCase() } });
});
const a = (name: string) => prefix + name;
const members = async (gid: number) => (await t.call({ op: 'groupgetmembers', group: { gid }, count: 100 })).members;

describe('groupadd / groupset / groupdel', () => {
  it('creates a group with defaults and members (comma string or array)', async () => {
    const r = await t.call({ op: 'groupadd', group: { name: 'Team', members: { m: `${a('ann')}, ${a('ben')}` } } });
    expect(r).toMatchObject({
      op: 'groupadd',
      result: true,
      group: { name: 'Team', flags: 0, active: true, members: 2 },
    });
    expect(r.group.gid).toBeGreaterThan(0);
    const r2 = await t.call({ op: 'groupadd', group: { name: 'Arr', flags: 0x40, members: { m: [a('cat')] } } });
    expect(r2.group).toMatchObject({ flags: 0x40, members: 1 });
    expect(r2.group.gid).toBeGreaterThan(r.group.gid);
    const m = await members(r.group.gid);
    expect(m.map((x: any) => x.address)).toEqual([a('ann'), a('ben')]);
    expect(m[0]).toMatchObject({
      name: 'ANN',
      admin: false,
      permissions: { send: true, recv: true, pub: true, sub: true, list: true },
    });
  });

  it('keeps unknown flag bits and ignores fields it does not use', async () => {
    const r = await t.call({
      op: 'groupadd',
      group: { name: 'x', flags: 0x40000 | 0x1, start: 0, duration: 5, call: { video: true }, members: null },
    });
    expect(r.group.flags).toBe(0x40001);
  });

  it('unknown member addresses: NOUSER naming them and no group is created', async () => {
    const before = await snapshot(t.db);
    const r = expectFailure(
      await t.call({ op: 'groupadd', group: { name: 'bad', members: { m: [a('ann'), a('nobody'), a('ghost')] } } }),
      'NOUSER',
      ['group.members.m'],
    );
    expect(r.cause).toContain(a('nobody'));
    expect(r.cause).toContain(a('ghost'));
    expect(r.cause).not.toContain(a('ann'));
    expect(await snapshot(t.db)).toBe(before);
  });

  it('groupset updates given fields and adds members without replacing the others', async () => {
    const g = (await t.call({ op: 'groupadd', group: { name: 'one', members: { m: a('ann') } } })).group;
    const r = await t.call({ op: 'groupset', group: { gid: g.gid, flags: 2, active: 0, members: { m: a('ben') } } });
    expect(r.group).toMatchObject({ gid: g.gid, name: 'one', flags: 2, active: false, members: 2 });
    expectFailure(await t.call({ op: 'groupset', group: { gid: 99_999_999 } }), 'NOGROUP', ['group.gid']);
    expectFailure(await t.call({ op: 'groupset', group: { name: 'x' } }), 'BADVALUE', ['group.gid']);
  });

  it('groupdel deletes the group and its memberships; NOGROUP afterwards', async () => {
    const g = (await t.call({ op: 'groupadd', group: { name: 'del', members: { m: a('ann') } } })).group;
    expect(await t.call({ op: 'groupdel', group: { gid: g.gid } })).toMatchObject({ result: true });
    expectFailure(await t.call({ op: 'groupgetmembers', group: { gid: g.gid } }), 'NOGROUP');
    const r = expectFailure(await t.call({ op: 'groupdel', group: { gid: g.gid } }), 'NOGROUP', ['group.gid']);
    expect(r.code).toBe(404);
    expectFailure(await t.call({ op: 'groupdel', group: { gid: 'one' } }), 'BADVALUE', ['group.gid']);
  });
});

describe('groupeditmembers', () => {
  it('adds with default permissions, updates only the permissions given, sets admin', async () => {
    const g = (await t.call({ op: 'groupadd', group: { name: 'perm' } })).group;
    await t.call({ op: 'groupeditmembers', group: { gid: g.gid, members: { m: [a('ann'), a('ben')] } } });
    await t.call({
      op: 'groupeditmembers',
      group: { gid: g.gid, members: { m: a('ann'), permissions: { send: false }, admin: true } },
    });
    const m = await members(g.gid);
    expect(m[0]).toMatchObject({
      address: a('ann'),
      admin: true,
      permissions: { send: false, recv: true, pub: true, sub: true, list: true },
    });
    expect(m[1]).toMatchObject({ address: a('ben'), admin: false, permissions: { send: true } });
    await t.call({ op: 'groupeditmembers', group: { gid: g.gid, members: { m: a('ann'), permissions: { recv: 0 } } } });
    expect((await members(g.gid))[0].permissions).toMatchObject({ send: false, recv: false });
  });

  it('removes members with group.delete or members.remove', async () => {
    const g = (await t.call({ op: 'groupadd', group: { members: { m: [a('ann'), a('ben'), a('cat')] } } })).group;
    const r = await t.call({ op: 'groupeditmembers', group: { gid: g.gid, delete: true, members: { m: a('ann') } } });
    expect(r.group.members).toBe(2);
    await t.call({ op: 'groupeditmembers', group: { gid: g.gid, members: { m: [a('ben')], remove: 1 } } });
    expect((await members(g.gid)).map((x: any) => x.address)).toEqual([a('cat')]);
    // Removing a user who is not a member is not an error.
    expect(
      (await t.call({ op: 'groupeditmembers', group: { gid: g.gid, delete: 1, members: { m: a('dan') } } })).result,
    ).toBe(true);
  });

  it('is atomic: one unknown address adds nothing and names the unknown ones', async () => {
    const g = (await t.call({ op: 'groupadd', group: { name: 'atomic' } })).group;
    const before = await snapshot(t.db);
    const r = expectFailure(
      await t.call({ op: 'groupeditmembers', group: { gid: g.gid, members: { m: [a('ann'), a('zz-unknown')] } } }),
      'NOUSER',
      ['group.members.m'],
    );
    expect(r.cause).toContain(a('zz-unknown'));
    expect(await snapshot(t.db)).toBe(before);
    expect(await members(g.gid)).toEqual([]);
  });

  it('validates: m required, admin must be boolean, gid must exist', async () => {
    const g = (await t.call({ op: 'groupadd', group: { name: 'v' } })).group;
    expectFailure(await t.call({ op: 'groupeditmembers', group: { gid: g.gid } }), 'BADVALUE', ['group.members.m']);
    expectFailure(
      await t.call({ op: 'groupeditmembers', group: { gid: g.gid, members: { m: a('ann'), admin: { owner: true } } } }),
      'BADVALUE',
      ['group.members.admin'],
    );
    expectFailure(
      await t.call({
        op: 'groupeditmembers',
        group: { gid: g.gid, members: { m: a('ann'), permissions: { send: 'yes' } } },
      }),
      'BADVALUE',
      ['group.members.permissions.send'],
    );
    expectFailure(
      await t.call({ op: 'groupeditmembers', group: { gid: 88_888_888, members: { m: a('ann') } } }),
      'NOGROUP',
    );
    expectFailure(
      await t.call({ op: 'groupeditmembers', group: { gid: g.gid, members: { m: [a('ann'), 5] } } }),
      'BADVALUE',
      ['group.members.m'],
    );
  });
});

describe('groupgetmembers / groupsget', () => {
  it('pages members by uid', async () => {
    const g = (await t.call({ op: 'groupadd', group: { members: { m: [a('dan'), a('ann'), a('cat'), a('ben')] } } }))
      .group;
    const p1 = await t.call({ op: 'groupgetmembers', group: { gid: g.gid }, count: 3 });
    expect(p1.members.map((x: any) => x.address)).toEqual([a('ann'), a('ben'), a('cat')]);
    const p2 = await t.call({ op: 'groupgetmembers', group: { gid: g.gid }, count: 3, cursor: p1.next });
    expect(p2.members.map((x: any) => x.address)).toEqual([a('dan')]);
    expect(p2.next).toBeUndefined();
  });

  it('lists groups by name pattern with member counts and paging', async () => {
    for (let i = 0; i < 5; i++) {
      await t.call({ op: 'groupadd', group: { name: `${prefix}room-${i}`, members: { m: a('ann') } } });
    }
    const p1 = await t.call({ op: 'groupsget', group: { name: `${prefix}room-*` }, count: 3 });
    expect(p1.groups).toHaveLength(3);
    expect(p1.groups[0]).toMatchObject({ name: `${prefix}room-0`, members: 1, flags: 0, active: true });
    expect(typeof p1.groups[0].ts).toBe('number');
    const p2 = await t.call({ op: 'groupsget', group: { name: `${prefix}room-*` }, count: 3, cursor: p1.next });
    expect(p2.groups.map((g: any) => g.name)).toEqual([`${prefix}room-3`, `${prefix}room-4`]);
    expect(p2.next).toBeUndefined();
    const none = await t.call({ op: 'groupsget', group: { name: 'no-such-group-name' } });
    expect(none).toMatchObject({ result: true, groups: [] });
  });
});

describe('usergroupsget (our extension)', () => {
  it("lists a user's groups by gid with its permissions, a page at a time, and forgets a group or a membership removed", async () => {
    const gids: number[] = [];
    for (const name of ['One', 'Two', 'Three']) {
      const r = await t.call({ op: 'groupadd', group: { name, members: { m: [a('ann'), a('ben')] } } });
      gids.push(r.group.gid);
    }
    await t.call({
      op: 'groupeditmembers',
      group: { gid: gids[1], members: { m: [a('ann')], permissions: { send: false, recv: true } } },
    });
    const first = await t.call({ op: 'usergroupsget', user: { address: a('ann') }, count: 2 });
    expect(first.result).toBe(true);
    expect(first.user.address).toBe(a('ann'));
    expect(first.groups.map((g: any) => g.name)).toEqual(['One', 'Two']);
    expect(first.groups[1]).toMatchObject({ gid: gids[1], permissions: { send: false, recv: true }, admin: false });
    const second = await t.call({ op: 'usergroupsget', user: { address: a('ann') }, count: 2, cursor: first.next });
    expect(second.groups.map((g: any) => g.gid)).toEqual([gids[2]]);
    expect(second.next).toBeUndefined();

    await t.call({ op: 'groupeditmembers', group: { gid: gids[0], members: { m: [a('ann')], remove: true } } });
    await t.call({ op: 'groupdel', group: { gid: gids[2] } });
    const after = await t.call({ op: 'usergroupsget', user: { address: a('ann') } });
    expect(after.groups.map((g: any) => g.gid)).toEqual([gids[1]]);
    expect((await t.call({ op: 'usergroupsget', user: { address: a('cat') } })).groups).toEqual([]);
  });

  it('refuses an unknown user and bad fields by name, changing nothing', async () => {
    expectFailure(await t.call({ op: 'usergroupsget', user: { address: a('nobody') } }), 'NOUSER', ['user.address']);
    expectFailure(await t.call({ op: 'usergroupsget', user: {} }), 'BADVALUE', ['user.address']);
    expectFailure(await t.call({ op: 'usergroupsget', user: { address: a('ann') }, count: 0 }), 'BADVALUE', ['count']);
    expectFailure(await t.call({ op: 'usergroupsget', user: { address: a('ann') }, cursor: 'x' }), 'BADVALUE', [
      'cursor',
    ]);
  });
});
