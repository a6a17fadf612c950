import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '@/lib/backend';
import { expectFailure, type TestEngine, testEngine } from '../../helpers/engine';

/**
 * The engine's validated bulk run (Engine.bulk), the seam imports and bulk actions use: each
 * row is validated and answered exactly as a single call, and its outcome is written by the
 * caller inside the transaction that holds its effect, so a crash never leaves one without
 * the other (SQLite, or PostgreSQL with TEST_DATABASE_URL).
 */
let t: TestEngine;
const tag = `bk${Date.now().toString(36)}`;
const a = (n: number | string) => `${tag}-${n}`;

beforeAll(async () => {
  t = await testEngine();
  await t.db.exec('CREATE TABLE bulk_outcomes (run TEXT NOT NULL, i INTEGER NOT NULL, reply TEXT NOT NULL)');
});
afterAll(() => t.close());

/** A recorder that keeps each reply in bulk_outcomes, through the row's own transaction. */
const recordInto = (run: string, fail?: (i: number) => boolean) => async (q: any, i: number, reply: Envelope) => {
  if (fail?.(i)) throw new Error(`the recorder failed at row ${i}`);
  await q.run('INSERT INTO bulk_outcomes (run, i, reply) VALUES (?, ?, ?)', [run, i, JSON.stringify(reply)]);
};
const outcomes = async (run: string) =>
  (
    await t.db.all<{ i: number; reply: string }>('SELECT i, reply FROM bulk_outcomes WHERE run = ? ORDER BY i', [run])
  ).map((r) => ({ i: Number(r.i), ...JSON.parse(r.reply) }));
const exists = async (address: string) => (await t.call({ op: 'usersget', user: { address } })).users.length === 1;

describe('Engine.bulk', () => {
  it('answers each row as a single call would, and a refused row changes nothing while the others apply', async () => {
    const rows = [
      { op: 'useradd', user: { address: a(1), name: 'One' } },
      { op: 'useradd', user: { address: '' } },
      { op: 'useradd', user: { address: a(2), name: 'Two' }, id: 7 },
      { op: 'userset', user: { address: a('nobody'), name: 'X' } },
      { op: 'userset', user: { address: a(1), active: false } },
    ];
    const counts = await t.engine.bulk(t.appId, rows, recordInto('answers'));
    expect(counts).toEqual({ ok: 3, failed: 2 });
    const got = await outcomes('answers');
    expect(got.map((o) => o.i)).toEqual([0, 1, 2, 3, 4]);
    expect(got[0]).toMatchObject({ op: 'useradd', result: true, user: { address: a(1), name: 'One' } });
    expect(got[2]).toMatchObject({ op: 'useradd', result: true, id: 7 });
    // The same refusal, word for word, as the single call gives.
    const single = await t.call({ op: 'useradd', user: { address: '' } });
    expectFailure(got[1], single.error, single.properties);
    expect({ ...got[1], i: undefined }).toEqual({ ...single, i: undefined });
    expectFailure(got[3], 'NOUSER', ['user.address']);
    expect(await exists(a('nobody'))).toBe(false);
    const one = (await t.call({ op: 'usersget', user: { address: a(1) } })).users[0];
    expect(one).toMatchObject({ name: 'One', active: false });
  });

  it("a row's failure deep inside an op undoes only that row's writes", async () => {
    const g = (await t.call({ op: 'groupadd', group: { name: a('group') } })).group.gid;
    await t.call({ op: 'useradd', user: { address: a('m1') } });
    const rows = [
      // One known and one unknown member: the op refuses the whole edit, the row writes nothing.
      { op: 'groupeditmembers', group: { gid: g, members: { m: [a('m1'), a('ghost')] } } },
      { op: 'groupeditmembers', group: { gid: g, members: { m: [a('m1')] } } },
    ];
    await t.engine.bulk(t.appId, rows, recordInto('members'));
    const got = await outcomes('members');
    expectFailure(got[0], 'NOUSER');
    expect(got[1].result).toBe(true);
    const members = (await t.call({ op: 'groupgetmembers', group: { gid: g } })).members;
    expect(members.map((m: { address: string }) => m.address)).toEqual([a('m1')]);
  });

  it('takes only the writes of imports and bulk actions: no tokens, sends or reads', async () => {
    const rows = [
      { op: 'usertoken', user: { address: a(1), token: { appid: 'com.example.app' } } },
      { op: 'message', message: { from: a(1), to: a(2), message: 'hi' } },
      { op: 'usersget' },
      { op: 'nosuchop' },
    ];
    await t.engine.bulk(t.appId, rows, recordInto('refused'));
    const got = await outcomes('refused');
    for (const o of got.slice(0, 3)) {
      expectFailure(o, 'BADOP', ['op']);
      expect(o.cause).toMatch(/cannot run in bulk/);
    }
    expectFailure(got[3], 'BADOP', ['op']);
    const messages = await t.call({ op: 'messagesget', message: { from: a(1) } });
    expect(messages.messages ?? []).toEqual([]);
  });

  it('a crash while recording rolls back its transaction whole: no row is applied without its outcome', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ op: 'useradd', user: { address: a(`crash${i}`) } }));
    await expect(
      t.engine.bulk(
        t.appId,
        rows,
        recordInto('crash', (i) => i === 7),
        { rowsPerTransaction: 5 },
      ),
    ).rejects.toThrow(/row 7/);
    // Rows 0-4 committed with their outcomes; 5-9 (the transaction that failed) have neither; 10-11 never ran.
    expect((await outcomes('crash')).map((o) => o.i)).toEqual([0, 1, 2, 3, 4]);
    const applied = [];
    for (let i = 0; i < 12; i++) if (await exists(a(`crash${i}`))) applied.push(i);
    expect(applied).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses an app it does not know, before touching anything', async () => {
    await expect(
      t.engine.bulk(987654, [{ op: 'useradd', user: { address: a('x') } }], recordInto('x')),
    ).rejects.toThrow(/No app/);
    expect(await exists(a('x'))).toBe(false);
  });
});
