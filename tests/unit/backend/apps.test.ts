import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_TOKEN, expectFailure, type TestEngine, testEngine } from '../../helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await testEngine({ breachMaxAddresses: 5, breachWindowHours: 24 });
});
afterAll(async () => t.close());

const from = (token: string, address: string, req: Record<string, unknown> = { op: 'stats' }) =>
  t.engine.call({ token, ...req }, { clientAddress: address }).then((r) => r.body as Record<string, any>);

describe('apps and token breach', () => {
  it('a sixth distinct client address disables the app until its token is rotated', async () => {
    const { app, token } = await t.engine.apps.create('breach-1');
    for (let i = 1; i <= 5; i++) expect((await from(token, `10.0.0.${i}`)).result).toBe(true);
    // Known addresses keep working, and in-process calls do not count.
    expect((await from(token, '10.0.0.3')).result).toBe(true);
    expect((await t.engine.call({ token, op: 'stats' })).body.result).toBe(true);
    const sixth = expectFailure(await from(token, '10.0.0.6'), 'TOKENBREACH', ['token']);
    expect(sixth.code).toBe(403);
    expectFailure(await from(token, '10.0.0.1'), 'TOKENBREACH');
    expectFailure((await t.engine.call({ token, op: 'stats' })).body, 'TOKENBREACH');
    expect((await t.engine.apps.get(app.id))?.state).toBe(2);

    const rotated = await t.engine.apps.rotate(app.id);
    expect(rotated.token).not.toBe(token);
    expect(rotated.token).toMatch(/^[a-z0-9]{64}$/);
    expectFailure(await from(token, '10.0.0.1'), 'AUTHFAIL');
    const status = await t.engine.apps.get(app.id);
    expect(status).toMatchObject({ state: 0, addresses: 0 });
    for (let i = 10; i < 15; i++) expect((await from(rotated.token, `10.0.1.${i}`)).result).toBe(true);
  });

  it('only calls with a valid app token count', async () => {
    const { app, token } = await t.engine.apps.create('breach-2');
    for (let i = 1; i <= 20; i++) expectFailure(await from('not-the-token', `10.1.0.${i}`), 'AUTHFAIL');
    expect((await from(token, '10.1.1.1')).result).toBe(true);
    expect((await t.engine.apps.get(app.id))?.addresses).toBe(1);
  });

  it('addresses older than the window are forgotten', async () => {
    const { app, token } = await t.engine.apps.create('breach-3');
    for (let i = 1; i <= 5; i++) await from(token, `10.2.0.${i}`);
    // Age the recorded addresses past the 24-hour window, as if a day had passed.
    await t.db.run('UPDATE app_clients SET last_seen = last_seen - 90000 WHERE app_id = ?', [app.id]);
    const fresh = new (t.engine.apps.constructor as any)(t.db, { maxAddresses: 5, windowHours: 24 });
    for (let i = 6; i <= 10; i++) {
      const r = await fresh.authenticate(token).then((a: any) => fresh.recordClient(a, `10.2.0.${i}`));
      expect(r).toBeUndefined();
    }
    expect((await t.engine.apps.get(app.id))?.state).toBe(0);
  });

  it('a disabled app answers APPDISABLED; enabling restores it; breach state survives a restart', async () => {
    const { app, token } = await t.engine.apps.create('admin-disabled');
    await t.engine.apps.setEnabled(app.id, false);
    expectFailure(await from(token, '10.3.0.1'), 'APPDISABLED', ['token']);
    await t.engine.apps.setEnabled(app.id, true);
    expect((await from(token, '10.3.0.1')).result).toBe(true);
  });

  it('data is scoped per app: the same address is a different user in another app', async () => {
    const other = await t.engine.apps.create('scoped');
    await t.call({ op: 'useradd', user: { address: 'shared-address', name: 'default app' } });
    const r = await t.engine.call({ token: other.token, op: 'useradd', user: { address: 'shared-address' } });
    expect((r.body as any).user.name).toBe('');
    const list = await t.engine.call({ token: other.token, op: 'usersget' });
    expect((list.body as any).users.map((u: any) => u.address)).toEqual(['shared-address']);
  });

  it('MESIBO_APP_TOKEN is the default app token; app tokens are stored only as hashes', async () => {
    expect((await t.call({ op: 'stats' })).result).toBe(true);
    const rows = await t.db.all<Record<string, unknown>>('SELECT * FROM apps');
    expect(JSON.stringify(rows)).not.toContain(APP_TOKEN);
    const tokens = await t.db.all<Record<string, unknown>>('SELECT * FROM tokens');
    const issued = await t.call({ op: 'useradd', user: { address: 'hash-check', token: { appid: 'web' } } });
    expect(JSON.stringify(tokens)).not.toContain(issued.user.token);
    expect(JSON.stringify(await t.db.all('SELECT * FROM tokens'))).not.toContain(issued.user.token);
  });
});
