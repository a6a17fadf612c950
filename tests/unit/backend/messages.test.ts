import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APP_TOKEN, expectFailure, snapshot, type TestEngine, testEngine } from '../../helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await testEngine();
});
afterAll(async () => t.close());

let seq = 0;
let prefix = '';
beforeEach(async () => {
  prefix = `m${++seq}-`;
  for (const n of ['ann', 'ben', 'cat', 'dan', 'out']) await t.call({ op: 'useradd', user: { address: a(n) } });
});
const a = (name: string) => prefix + name;
const group = async (flags: number, m: string[], extra: Record<string, unknown> = {}) =>
  (await t.call({ op: 'groupadd', group: { name: 'g', flags, members: { m: m.map(a), ...extra } } })).group
    .gid as number;
const send = (message: Record<string, unknown>) => t.call({ op: 'message', message: { from: a('ann'), ...message } });
const lastLogged = async (gid: number) => (await t.call({ op: 'messagesget', message: { gid }, count: 1 })).messages[0];

describe('message to users', () => {
  it('keeps the recipients once each, in the order the request gave them', async () => {
    await send({ to: [a('dan'), a('ben'), a('dan'), a('cat')], message: 'ordered' });
    const log = await t.call({ op: 'messagesget', message: { from: a('ann') }, count: 1 });
    expect(log.messages[0]).toMatchObject({ to: [a('dan'), a('ben'), a('cat')], recipients: 3 });
  });

  it('returns an increasing mid and logs the message with its recipients', async () => {
    const one = await send({ to: `${a('ben')},${a('cat')}`, message: 'hi', type: 3, title: 'T', url: 'https://x/y' });
    const two = await send({ to: [a('ben')], message: 'again' });
    expect(one).toMatchObject({ op: 'message', result: true });
    expect(two.mid).toBeGreaterThan(one.mid);
    const log = await t.call({ op: 'messagesget', message: { from: a('ann') } });
    expect(log.messages.map((m: any) => m.mid)).toEqual([two.mid, one.mid]);
    expect(log.messages[1]).toMatchObject({
      from: a('ann'),
      to: [a('ben'), a('cat')],
      gid: 0,
      recipients: 2,
      type: 3,
      message: 'hi',
      title: 'T',
      url: 'https://x/y',
    });
  });

  it('accepts the PHP helper shape (gid 0 with to, flags null, forced 0)', async () => {
    const r = await send({ to: a('ben'), gid: 0, type: 0, expiry: 3600, flags: null, forced: 0, message: 'php' });
    expect(r.result).toBe(true);
  });

  it('NOUSER for an unknown sender or recipient (naming them), nothing stored', async () => {
    const before = await snapshot(t.db);
    const r = expectFailure(await send({ to: [a('ben'), a('nope')] }), 'NOUSER', ['message.to']);
    expect(r.cause).toContain(a('nope'));
    expectFailure(await t.call({ op: 'message', message: { from: a('nope'), to: a('ben') } }), 'NOUSER', [
      'message.from',
    ]);
    expect(await snapshot(t.db)).toBe(before);
  });

  it('BADVALUE without to or gid, or without from; NOTALLOWED from a deactivated sender', async () => {
    expectFailure(await send({ message: 'x' }), 'BADVALUE', ['message.to', 'message.gid']);
    expectFailure(await send({ to: '', gid: 0 }), 'BADVALUE', ['message.to', 'message.gid']);
    expectFailure(await t.call({ op: 'message', message: { to: a('ben') } }), 'BADVALUE', ['message.from']);
    await t.call({ op: 'userset', user: { address: a('ann'), active: false } });
    const r = expectFailure(await send({ to: a('ben') }), 'NOTALLOWED', ['message.from']);
    expect(r.code).toBe(403);
  });
});

describe('message to a group', () => {
  it('normal group: members send, everyone but the sender receives; non-members are refused', async () => {
    const gid = await group(0, ['ann', 'ben', 'cat']);
    const r = await send({ gid, message: 'team' });
    expect(r.result).toBe(true);
    expect(await lastLogged(gid)).toMatchObject({ mid: r.mid, gid, to: [], recipients: 2, from: a('ann') });
    expectFailure(await t.call({ op: 'message', message: { from: a('out'), gid } }), 'NOTALLOWED');
  });

  it('a non-zero gid with to is a group message', async () => {
    const gid = await group(0, ['ann', 'ben']);
    const r = await send({ gid, to: a('cat') });
    expect(await lastLogged(gid)).toMatchObject({ mid: r.mid, to: [], recipients: 1 });
  });

  it('0x1: only members with send permission; 0x2: anyone, also non-members', async () => {
    const selected = await group(0x1, ['ann', 'ben'], { permissions: { send: false } });
    await t.call({
      op: 'groupeditmembers',
      group: { gid: selected, members: { m: a('ben'), permissions: { send: true } } },
    });
    expectFailure(await send({ gid: selected }), 'NOTALLOWED', ['message.from', 'message.gid']);
    expect((await t.call({ op: 'message', message: { from: a('ben'), gid: selected } })).result).toBe(true);
    const open = await group(0x2, ['ben']);
    expect((await t.call({ op: 'message', message: { from: a('out'), gid: open } })).result).toBe(true);
    expect((await lastLogged(open)).recipients).toBe(1);
  });

  it('0x10: only members with recv receive; 0x80: the sender receives too', async () => {
    const gid = await group(0x10, ['ann', 'ben', 'cat']);
    await t.call({ op: 'groupeditmembers', group: { gid, members: { m: a('cat'), permissions: { recv: false } } } });
    await send({ gid });
    expect((await lastLogged(gid)).recipients).toBe(1);
    const loop = await group(0x80, ['ann', 'ben']);
    await send({ gid: loop });
    expect((await lastLogged(loop)).recipients).toBe(2);
  });

  it('0x20: round-robin delivers each message to one member in turn', async () => {
    const gid = await group(0x20 | 0x2, ['ben', 'cat', 'dan']);
    for (let i = 0; i < 4; i++) await t.call({ op: 'message', message: { from: a('out'), gid } });
    const log = await t.call({ op: 'messagesget', message: { gid } });
    expect(log.messages.map((m: any) => m.recipients)).toEqual([1, 1, 1, 1]);
    const rr = await t.db.get<{ rr_uid: number }>('SELECT rr_uid FROM chat_groups WHERE gid = ?', [gid]);
    const ben = (await t.call({ op: 'usersget', user: { address: a('ben') } })).users[0].uid;
    expect(Number(rr?.rr_uid)).toBe(ben); // ben, cat, dan, then ben again
  });

  it('0x20: messages sent at once, from two instances, each go to the next member', async () => {
    const names = ['rr1', 'rr2', 'rr3', 'rr4', 'rr5', 'rr6', 'rr7'];
    for (const n of names) await t.call({ op: 'useradd', user: { address: a(n) } });
    const gid = await group(0x20 | 0x2, names);
    const second = await t.openSecond();
    try {
      // 30 messages at once, half through another engine on the same database (another instance).
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          (i % 2 ? second : t.engine).call({ token: APP_TOKEN, op: 'message', message: { from: a('out'), gid } }),
        ),
      );
    } finally {
      await second.db.close();
    }
    // Each took the next member: 30 turns over 7 members end on the 2nd (turn 30 = 4 rounds + 2).
    const rr = await t.db.get<{ rr_uid: number }>('SELECT rr_uid FROM chat_groups WHERE gid = ?', [gid]);
    const second2 = (await t.call({ op: 'usersget', user: { address: a('rr2') } })).users[0].uid;
    expect(Number(rr?.rr_uid)).toBe(second2);
  });

  it('0x40: not stored, but the mid is still allocated and increasing', async () => {
    const gid = await group(0x40, ['ann', 'ben']);
    const before = await send({ to: a('ben') });
    const r = await send({ gid, message: 'ephemeral' });
    expect(r.mid).toBeGreaterThan(before.mid);
    expect((await t.call({ op: 'messagesget', message: { gid } })).messages).toEqual([]);
    const after = await send({ to: a('ben') });
    expect(after.mid).toBeGreaterThan(r.mid);
  });

  it('NOGROUP for an unknown gid; NOTALLOWED for a deactivated group', async () => {
    expectFailure(await send({ gid: 77_777_777 }), 'NOGROUP', ['message.gid']);
    const gid = await group(0, ['ann', 'ben']);
    await t.call({ op: 'groupset', group: { gid, active: false } });
    expectFailure(await send({ gid }), 'NOTALLOWED', ['message.gid']);
  });
});

describe('messagesget', () => {
  it('filters by from, to and gid, newest first, with keyset paging', async () => {
    const gid = await group(0, ['ann', 'ben']);
    const mids: number[] = [];
    for (let i = 0; i < 5; i++) mids.push((await send({ to: a('ben'), message: `d${i}` })).mid);
    const gmid = (await send({ gid })).mid;
    const toBen = await t.call({ op: 'messagesget', message: { to: a('ben') }, count: 3 });
    expect(toBen.messages.map((m: any) => m.mid)).toEqual([mids[4], mids[3], mids[2]]);
    const rest = await t.call({ op: 'messagesget', message: { to: a('ben') }, count: 3, cursor: toBen.next });
    expect(rest.messages.map((m: any) => m.mid)).toEqual([mids[1], mids[0]]);
    expect(rest.next).toBeUndefined();
    const byGroup = await t.call({ op: 'messagesget', message: { gid } });
    expect(byGroup.messages.map((m: any) => m.mid)).toEqual([gmid]);
    const both = await t.call({ op: 'messagesget', message: { from: a('ann'), to: a('ben') }, count: 100 });
    expect(both.messages).toHaveLength(5);
    const m = both.messages[0];
    expect(typeof m.ts).toBe('number');
    expect(m.when).toBeGreaterThanOrEqual(m.ts);
  });

  it('from and to match in any case: the address as given and the users it differs from only in case', async () => {
    await t.call({ op: 'useradd', user: { address: a('Ben') } });
    await send({ to: a('ben'), message: 'to ben' });
    await send({ to: a('Ben'), message: 'to Ben' });
    await t.call({ op: 'message', message: { from: a('Ben'), to: a('cat'), message: 'from Ben' } });
    const log = async (message: Record<string, unknown>) =>
      (await t.call({ op: 'messagesget', message })).messages.map((m: { message: string }) => m.message);
    expect(await log({ to: a('BEN') })).toEqual(['to Ben', 'to ben']); // nobody is spelled so: both are found
    expect(await log({ to: a('ben') })).toEqual(['to Ben', 'to ben']);
    expect(await log({ from: a('ben') })).toEqual(['from Ben']);
  });

  it('when: delivery time is seconds from now', async () => {
    const r = await send({ to: a('ben'), when: 600 });
    const m = (await t.call({ op: 'messagesget', message: { from: a('ann') }, count: 1 })).messages[0];
    expect(m.mid).toBe(r.mid);
    expect(m.when - m.ts).toBe(600);
  });
});

describe('messagesget: a conversation, one message, group names (our extension)', () => {
  it('lists what an address sent and the direct messages it received, newest first, each once; one message by mid; names groups', async () => {
    const sent = [];
    sent.push((await t.call({ op: 'message', message: { from: a('ann'), to: a('ben'), message: 'ann to ben' } })).mid);
    sent.push((await t.call({ op: 'message', message: { from: a('ben'), to: a('ann'), message: 'ben to ann' } })).mid);
    sent.push((await t.call({ op: 'message', message: { from: a('cat'), to: a('dan'), message: 'not theirs' } })).mid);
    const g = await t.call({ op: 'groupadd', group: { name: `Crew ${a('')}`, members: { m: [a('ann'), a('ben')] } } });
    sent.push(
      (await t.call({ op: 'message', message: { from: a('ann'), gid: g.group.gid, message: 'to the crew' } })).mid,
    );
    const all = await t.call({ op: 'messagesget', message: { with: a('ann') } });
    expect(all.messages.map((m: any) => m.message)).toEqual(['to the crew', 'ben to ann', 'ann to ben']);
    expect(all.messages[0]).toMatchObject({ gid: g.group.gid, groupname: `Crew ${a('')}` });
    expect(all.messages[1].groupname).toBeUndefined();
    // Page by page: each message once, in order.
    const first = await t.call({ op: 'messagesget', message: { with: a('ANN') }, count: 2 });
    const rest = await t.call({ op: 'messagesget', message: { with: a('ann') }, count: 2, cursor: first.next });
    expect([...first.messages, ...rest.messages].map((m: any) => m.mid)).toEqual([sent[3], sent[1], sent[0]]);
    expect(rest.next).toBeUndefined();
    const one = await t.call({ op: 'messagesget', message: { mid: sent[1] } });
    expect(one.messages.map((m: any) => m.message)).toEqual(['ben to ann']);
    expectFailure(await t.call({ op: 'messagesget', message: { with: a('ann'), from: a('ben') } }), 'BADVALUE', [
      'message.with',
    ]);
    expectFailure(await t.call({ op: 'messagesget', message: { mid: 0 } }), 'BADVALUE', ['message.mid']);
  });
});
