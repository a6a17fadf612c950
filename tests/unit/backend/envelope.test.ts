import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '@/lib/backend/errors';
import { APP_TOKEN, expectFailure, type TestEngine, testEngine } from '../../helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await testEngine();
});
afterAll(async () => t.close());
const raw = async (req: Record<string, unknown>) => (await t.engine.call(req)).body as Record<string, any>;

describe('envelope', () => {
  it('echoes op and an integer id on success and failure; ignores a non-integer id', async () => {
    expect(await t.call({ op: 'stats', id: 42 })).toMatchObject({ op: 'stats', result: true, id: 42 });
    expect(await t.call({ op: 'nosuchop', id: 7 })).toMatchObject({ op: 'nosuchop', result: false, id: 7 });
    const s = await t.call({ op: 'stats', id: '42' });
    expect(s).not.toHaveProperty('id');
    expect(await t.call({ op: 'stats', id: 1.5 })).not.toHaveProperty('id');
    expect(await raw({ id: 3 })).toMatchObject({ op: '', result: false, error: 'AUTHFAIL', id: 3 });
  });

  // PostgreSQL reads are not cached (it has no cheap database-wide change counter).
  it.skipIf(process.env.TEST_DATABASE_URL)(
    'a listing read again is answered from its cached serialization, byte for byte the same envelope',
    async () => {
      await t.call({ op: 'useradd', user: { address: 'json-cache-a', name: 'A "quoted" ünïcode name' } });
      for (const id of [undefined, 9, 0, -4]) {
        const req = {
          op: 'usersget',
          token: APP_TOKEN,
          user: { address: 'json-cache-*' },
          ...(id === undefined ? {} : { id }),
        };
        await t.engine.call(req);
        const again = await t.engine.call(req);
        expect(again.json).toBeDefined();
        expect(again.json).toBe(JSON.stringify(again.body));
        expect(JSON.parse(again.json ?? '')).toMatchObject({
          op: 'usersget',
          result: true,
          users: [{ address: 'json-cache-a' }],
        });
      }
      // After a write the page is read afresh, and the new row shows.
      await t.call({ op: 'useradd', user: { address: 'json-cache-b' } });
      const fresh = await t.engine.call({ op: 'usersget', token: APP_TOKEN, user: { address: 'json-cache-*' } });
      expect(fresh.json).toBeUndefined();
      expect((fresh.body.users as unknown[]).length).toBe(2);
    },
  );

  it('every failure carries error, code (its HTTP class), cause, action and properties', async () => {
    const r = expectFailure(await t.call({ op: 'useradd', user: {} }), 'BADVALUE');
    expect(r.code).toBe(ERROR_STATUS.BADVALUE);
    expect(Object.keys(r).sort()).toEqual(['action', 'cause', 'code', 'error', 'op', 'properties', 'result']);
  });

  it('checks run in order: app token, then op, then fields, then existence, then permission', async () => {
    // Unknown op and no token: the token is checked first (as mesibo's cloud does).
    expectFailure(await raw({ op: 'nosuchop' }), 'AUTHFAIL', ['token']);
    expectFailure(await raw({ op: 'useradd', token: 'wrong', user: {} }), 'AUTHFAIL', ['token']);
    expectFailure(await raw({ op: 'useradd', token: 42 }), 'AUTHFAIL');
    expectFailure(await raw({}), 'AUTHFAIL');
    // Valid token: unknown op before any field.
    const badop = expectFailure(await t.call({ op: 'nosuchop', user: 5 }), 'BADOP', ['op']);
    expect(badop.cause).toContain('nosuchop');
    expectFailure(await t.call({}), 'BADOP');
    expectFailure(await t.call({ op: 17 }), 'BADOP');
    // Fields before existence: a bad field wins over an unknown group.
    expectFailure(await t.call({ op: 'message', message: { from: 'nobody', gid: 99999, type: 'x' } }), 'BADVALUE', [
      'message.type',
    ]);
    // Existence before permission: unknown sender to a group is NOUSER, not NOTALLOWED.
    await t.call({ op: 'useradd', user: { address: 'order-member' } });
    const g = await t.call({ op: 'groupadd', group: { members: { m: 'order-member' } } });
    expectFailure(await t.call({ op: 'message', message: { from: 'order-nobody', gid: g.group.gid } }), 'NOUSER');
  });

  it('AUTHFAIL answers exactly as mesibo cloud does', async () => {
    const r = await raw({ op: 'useradd', token: 'x'.repeat(64) });
    expect(r).toMatchObject({
      op: 'useradd',
      result: false,
      error: 'AUTHFAIL',
      code: 401,
      cause: 'Invalid or expired app token',
      properties: ['token'],
    });
  });

  it('op names are exact (no prototype keys, no case folding)', async () => {
    for (const op of ['constructor', '__proto__', 'toString', 'USERADD', ' useradd']) {
      expectFailure(await t.call({ op }), 'BADOP');
    }
  });

  it('in-process calls work as the app without a token', async () => {
    const r = await t.engine.callAsApp(t.appId, { op: 'stats' });
    expect(r.body.result).toBe(true);
    expect(APP_TOKEN).toBeTruthy();
  });
});

describe('otp, uacset, stats', () => {
  it('otp issues a code that useradd accepts once; a wrong code is BADVALUE and spends a try', async () => {
    const o = await t.call({ op: 'otp', otp: { address: 'otp-user', tries: 2, expiry: 300, reuse: false } });
    expect(o.otp.code).toMatch(/^\d{6}$/);
    const wrong = o.otp.code === '000000' ? '111111' : '000000';
    expectFailure(await t.call({ op: 'useradd', user: { address: 'otp-user', otp: wrong } }), 'BADVALUE', ['user.otp']);
    expect((await t.call({ op: 'usersget', user: { address: 'otp-user' } })).users).toEqual([]);
    const ok = await t.call({ op: 'useradd', user: { address: 'otp-user', otp: o.otp.code, token: { appid: 'web' } } });
    expect(ok.result).toBe(true);
    expectFailure(await t.call({ op: 'useradd', user: { address: 'otp-user', otp: o.otp.code } }), 'BADVALUE');
  });

  it('otp tries run out', async () => {
    const o = await t.call({ op: 'otp', otp: { address: 'otp-tries', tries: 1 } });
    const wrong = o.otp.code === '000000' ? '111111' : '000000';
    expectFailure(await t.call({ op: 'useradd', user: { address: 'otp-tries', otp: wrong } }), 'BADVALUE');
    expectFailure(await t.call({ op: 'useradd', user: { address: 'otp-tries', otp: o.otp.code } }), 'BADVALUE');
    expectFailure(await t.call({ op: 'otp', otp: {} }), 'BADVALUE', ['otp.address']);
  });

  it('uacset stores a profile and updates it by id', async () => {
    const r = await t.call({
      op: 'uacset',
      uac: { name: 'free', features: { call: false }, ratelimit: { message: '60:30' } },
    });
    expect(r.uac).toMatchObject({ name: 'free' });
    const u = await t.call({ op: 'uacset', uac: { id: r.uac.id, update: 1, name: 'paid', features: { call: true } } });
    expect(u.uac).toEqual({ id: r.uac.id, name: 'paid' });
    const row = await t.db.get<{ data: string }>('SELECT data FROM uacs WHERE id = ?', [r.uac.id]);
    expect(JSON.parse(row?.data ?? '{}')).toMatchObject({ features: { call: true } });
    expectFailure(await t.call({ op: 'uacset', uac: { id: 999999, update: true } }), 'BADVALUE', ['uac.id']);
  });

  it('stats counts the app data and reports the breach state', async () => {
    const before = await t.call({ op: 'stats' });
    await t.call({ op: 'useradd', user: { address: 'stats-one' } });
    const after = await t.call({ op: 'stats' });
    expect(after.stats.users).toBe(before.stats.users + 1);
    expect(after.stats.breach).toEqual({ disabled: false, addresses: 0, limit: 5, windowHours: 24 });
  });
});
