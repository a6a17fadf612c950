import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_TOKEN, expectFailure, snapshot, type TestEngine, testEngine } from '../../helpers/engine';
import { uacScriptBody } from '../../helpers/uac-script';

let t: TestEngine;
beforeAll(async () => {
  t = await testEngine();
});
afterAll(async () => t.close());

const send = (body: Record<string, unknown>) => t.call(body);
const stored = async (id: number, appId = t.appId) => {
  const row = await t.db.get<{ name: string; data: string }>(
    'SELECT name, data FROM uacs WHERE app_id = ? AND id = ?',
    [appId, id],
  );
  return row && { name: row.name, data: JSON.parse(row.data) };
};
/** The script's body with one field of `uac` changed (a dotted path). */
function withField(path: string, value: unknown, base: Record<string, any> = uacScriptBody(APP_TOKEN, { id: 900 })) {
  const body = structuredClone(base) as Record<string, any>;
  const keys = path.split('.');
  let node = body.uac;
  for (const k of keys.slice(0, -1)) node = node[k];
  node[keys[keys.length - 1]] = value;
  return body;
}

describe("uacset as mesibo's uac.sh sends it", () => {
  it('the script as shipped (id 3, update 0) creates profile 3 and answers uac{id, name}', async () => {
    const r = await send(uacScriptBody(APP_TOKEN));
    expect(r).toEqual({ op: 'uacset', result: true, uac: { id: 3, name: 'Test UAC' } });
    const p = await stored(3);
    expect(p?.name).toBe('Test UAC');
    expect(p?.data.ratelimit.message).toBe('60:30,600:60,10800:1200,86400:3600');
    expect(p?.data.location.subs).toEqual({ count: 4, duration: 86400, sendreal: 1 });
  });

  it('run again unchanged, it is refused naming uac.id (the profile exists) and changes nothing', async () => {
    const before = await snapshot(t.db);
    const r = expectFailure(await send(uacScriptBody(APP_TOKEN)), 'BADVALUE', ['uac.id']);
    expect(r.cause).toMatch(/id 3 already exists/);
    expect(r.action).toMatch(/"update": 1/);
    expect(await snapshot(t.db)).toBe(before);
  });

  it('with UAC_UPDATE=1 it changes profile 3', async () => {
    const body = uacScriptBody(APP_TOKEN, { update: 1, name: 'Paid' });
    body.uac.features.call = 0;
    body.uac.ratelimit.message = '60:100';
    expect(await send(body)).toEqual({ op: 'uacset', result: true, uac: { id: 3, name: 'Paid' } });
    const p = await stored(3);
    expect(p?.name).toBe('Paid');
    expect(p?.data.features.call).toBe(0);
    expect(p?.data.ratelimit.message).toBe('60:100');
  });

  it('an update of an id that does not exist is refused naming uac.id', async () => {
    const r = expectFailure(await send(uacScriptBody(APP_TOKEN, { id: 4242, update: 1 })), 'BADVALUE', ['uac.id']);
    expect(r.cause).toMatch(/No UAC profile with id 4242/);
  });

  it('an update changes what it names and keeps the rest; "" keeps the name', async () => {
    await send(uacScriptBody(APP_TOKEN, { id: 30, name: 'Partial' }));
    const r = await send({ op: 'uacset', uac: { id: 30, update: 1, name: '', features: { push: 0 } } });
    expect(r.uac).toEqual({ id: 30, name: 'Partial' });
    const p = await stored(30);
    expect(p?.data.features).toMatchObject({ push: 0, call: 1, group: 1 });
    expect(p?.data.ratelimit.login).toBe('60:3,600:10');
  });

  it('without an id a fresh one is chosen; ids belong to the app', async () => {
    const a = await send({ op: 'uacset', uac: { name: 'fresh' } });
    expect(a.uac.id).toBeGreaterThan(30);
    const other = await t.engine.apps.create('uac-other-app');
    const inOther = await t.engine.call({ ...uacScriptBody(other.token), op: 'uacset' });
    expect(inOther.body).toMatchObject({ result: true, uac: { id: 3 } }); // the same id, another app
    expect((await stored(3, other.app.id))?.name).toBe('Test UAC');
    expect((await stored(3))?.name).toBe('Paid'); // this app's profile 3 is untouched
    const next = await t.engine.call({ token: other.token, op: 'uacset', uac: { name: 'second' } });
    expect(next.body).toMatchObject({ result: true, uac: { id: 4 } });
  });

  it('unknown fields are kept as sent', async () => {
    const body = withField('future_setting', { nested: [1, 'two'] }, uacScriptBody(APP_TOKEN, { id: 77 }));
    expect((await send(body)).result).toBe(true);
    expect((await stored(77))?.data.future_setting).toEqual({ nested: [1, 'two'] });
  });

  it('platforms: a list or per-platform flags; "" and 0 are "not given"; not both; one at most in an update', async () => {
    expect((await send(withField('platforms', 'android,ios', uacScriptBody(APP_TOKEN, { id: 40 })))).result).toBe(true);
    expect((await send(withField('ios', 1, uacScriptBody(APP_TOKEN, { id: 41 })))).result).toBe(true);
    const both = withField('android', 1, withField('platforms', 'ios', uacScriptBody(APP_TOKEN, { id: 42 })));
    expectFailure(await send(both), 'BADVALUE', ['uac.platforms', 'uac.android']);
    const unknown = expectFailure(await send(withField('platforms', 'android,symbian')), 'BADVALUE', ['uac.platforms']);
    expect(unknown.cause).toContain('"symbian"');
    const twoInUpdate = withField('platforms', 'android,ios', uacScriptBody(APP_TOKEN, { id: 40, update: 1 }));
    expectFailure(await send(twoInUpdate), 'BADVALUE', ['uac.platforms']);
    const oneInUpdate = withField('python', 1, uacScriptBody(APP_TOKEN, { id: 40, update: 1 }));
    expect((await send(oneInUpdate)).result).toBe(true);
  });

  it('each known field is checked for type and range, naming the field', async () => {
    const cases: [string, unknown][] = [
      ['ratelimit.message', '60-30'],
      ['ratelimit.login', '60:3,'],
      ['ratelimit.call', 60],
      ['call.maxdur', -1],
      ['presence.lastseen_resolution', 1.5],
      ['location.subs.duration', '86400'],
      ['features.call', 2],
      ['message.storage', 'yes'],
      ['peers', 4],
      ['file.max_size', -50],
      ['proximity_search.user.min_radius', 60000],
      ['name', 'x'.repeat(129)],
      ['features', 'all'],
      ['id', 0],
      ['update', 2],
    ];
    for (const [path, value] of cases) {
      const before = await snapshot(t.db);
      const r = expectFailure(await send(withField(path, value)), 'BADVALUE');
      expect(r.properties, `${path} = ${JSON.stringify(value)}`).toContain(`uac.${path}`);
      expect(r.cause).toContain(`uac.${path}`);
      expect(await snapshot(t.db)).toBe(before);
    }
  });
});

describe('op users', () => {
  it('is usersget by another name: same fields, same answer, op echoed as sent', async () => {
    for (const address of ['users-op-a', 'users-op-b', 'users-op-c']) await send({ op: 'useradd', user: { address } });
    const asUsers = await send({ op: 'users', user: { address: 'users-op-*' }, count: 2 });
    const asUsersget = await send({ op: 'usersget', user: { address: 'users-op-*' }, count: 2 });
    expect(asUsers.op).toBe('users');
    const { op: _a, ...a } = asUsers;
    const { op: _b, ...b } = asUsersget;
    expect(a).toEqual(b);
    expect(a.users).toHaveLength(2);
    const page2 = await send({ op: 'users', user: { address: 'users-op-*' }, count: 2, cursor: asUsers.next });
    expect(page2.users.map((u: { address: string }) => u.address)).toEqual(['users-op-c']);
    expectFailure(await send({ op: 'users', count: 101 }), 'BADVALUE', ['count']);
    // mesibo's PHP sample's example call.
    expect((await send({ op: 'users', count: 10 })).users.length).toBeGreaterThan(0);
  });
});
