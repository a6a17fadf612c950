import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mayUseApp } from '@/lib/console/app-access';
import { AppRegistry } from '@/lib/console/apps';
import { listAudit, recordAudit } from '@/lib/console/audit';
import { createOperator, setOperatorApps, updateOperator } from '@/lib/console/operators';
import { secretBox } from '@/lib/console/secret-box';
import { SERVER_KEY, type TestEngine, testEngine } from '../../../helpers/engine';

/** The console's registry of apps, bundled and remote, on SQLite and PostgreSQL alike. */
let t: TestEngine;
beforeAll(async () => {
  t = await testEngine();
});
afterAll(async () => t.close());

const box = secretBox(SERVER_KEY);
const REMOTE_TOKEN = 'remotetoken0123456789abcdefghijklmnopqrstuvwxyz0123456789wxyz';

describe('app registry', () => {
  it('mirrors the engine’s apps, also ones made elsewhere, in one id space with remote apps', async () => {
    const registry = new AppRegistry(t.db, { bundled: true });
    await registry.sync();
    const [first] = await registry.list();
    expect(first).toMatchObject({ kind: 'bundled', isDefault: true, environment: 'development', state: 'enabled' });
    // An app made by the command line (straight in the engine) appears after the next sync.
    await t.engine.apps.create('made-by-cli');
    await registry.sync();
    await registry.sync(); // idempotent
    expect((await registry.list()).filter((a) => a.name === 'made-by-cli')).toHaveLength(1);
    const remote = await registry.createRemote(box, {
      name: 'cloud',
      environment: 'production',
      apiUrl: 'https://api.mesibo.com/backend/',
      token: REMOTE_TOKEN,
    });
    expect(remote).toMatchObject({ kind: 'remote', tokenLast4: 'wxyz', state: 'enabled', isDefault: false });
    const ids = (await registry.list()).map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps a remote token sealed: never in the row in plain text, opened only with the server key and its own row', async () => {
    const registry = new AppRegistry(t.db, { bundled: true });
    const app = await registry.createRemote(box, {
      name: 'sealed',
      environment: 'staging',
      apiUrl: 'http://10.0.0.5/backend',
      token: REMOTE_TOKEN,
    });
    const row = await t.db.get<Record<string, unknown>>('SELECT * FROM console_apps WHERE id = ?', [app.id]);
    expect(JSON.stringify(row)).not.toContain(REMOTE_TOKEN);
    expect(await registry.remoteToken(box, app)).toBe(REMOTE_TOKEN);
    await expect(registry.remoteToken(secretBox(`${SERVER_KEY}-other`), app)).rejects.toThrow(/another server key/);
    // The sealed value copied onto another app's row does not open there.
    const other = await registry.createRemote(box, {
      name: 'o',
      environment: 'staging',
      apiUrl: 'http://x/',
      token: 'b'.repeat(40),
    });
    await t.db.run(
      'UPDATE console_apps SET token_sealed = (SELECT token_sealed FROM console_apps WHERE id = ?) WHERE id = ?',
      [app.id, other.id],
    );
    await expect(registry.remoteToken(box, other)).rejects.toThrow(/another record/);
  });

  it('rotating the server key re-seals every stored token', async () => {
    const registry = new AppRegistry(t.db, { bundled: true });
    const app = await registry.createRemote(box, {
      name: 'rot',
      environment: 'development',
      apiUrl: 'http://y/',
      token: REMOTE_TOKEN,
    });
    const next = secretBox(`${SERVER_KEY}-next-key`);
    const { resealed, unreadable } = await registry.reseal(box, next);
    expect(resealed).toBeGreaterThan(0);
    expect(unreadable).toHaveLength(1); // the token copied onto another row above: reported, kept
    expect(await registry.remoteToken(next, app)).toBe(REMOTE_TOKEN);
    await expect(registry.remoteToken(box, app)).rejects.toThrow(/another server key/);
    expect((await registry.reseal(box, next)).resealed).toBe(0); // nothing left to do
    // An instance still on the old key (or on a wrong one) would find every stored token foreign.
    expect(await registry.sealedUnderOtherKeys(next)).toEqual(unreadable); // only the copied one, kept as it was
    expect(await registry.sealedUnderOtherKeys(box)).toContain(app.id);
  });

  it('the app MESIBO_API_URL defines is the default; without the bundled backend no bundled app is listed', async () => {
    const config = { bundled: false, envRemoteUrl: 'https://api.mesibo.com/backend/', envRemoteToken: REMOTE_TOKEN };
    const registry = new AppRegistry(t.db, config);
    await Promise.all([registry.sync(), registry.sync(), registry.sync()]); // instances starting together
    const apps = await registry.list();
    expect(apps.every((a) => a.kind === 'remote')).toBe(true);
    const defaults = apps.filter((a) => a.isDefault);
    expect(defaults).toHaveLength(1);
    expect(defaults[0]).toMatchObject({ fromEnv: true, apiUrl: config.envRemoteUrl, tokenLast4: 'wxyz' });
    expect(await registry.remoteToken(box, defaults[0])).toBe(REMOTE_TOKEN); // from the environment, not stored
  });

  it('deleting a bundled app deletes its data; the default app cannot be deleted', async () => {
    const { app } = await t.engine.apps.create('doomed');
    await t.engine.callAsApp(app.id, { op: 'useradd', user: { address: 'doomed-user' } });
    expect(await t.engine.apps.remove(app.id)).toBe(true);
    expect(await t.db.get('SELECT uid FROM users WHERE app_id = ?', [app.id])).toBeUndefined();
    expect(await t.engine.apps.remove(t.appId)).toBe(false);
  });
});

describe('operators limited to some apps', () => {
  it('an operator is limited to the apps given (unknown ids dropped), admins never; the audit log follows the limit', async () => {
    const registry = new AppRegistry(t.db, { bundled: true });
    await registry.sync();
    const [home] = await registry.list();
    const other = await registry.createRemote(box, {
      name: 'limited-other',
      environment: 'staging',
      apiUrl: 'https://api.mesibo.com/backend/',
      token: REMOTE_TOKEN,
    });
    const o = await createOperator(t.db, {
      email: `lim-${Date.now()}@example.com`,
      role: 'operator',
      password: 'limited-pass-123',
    });
    expect(o.apps).toBe('all');
    const limited = await setOperatorApps(t.db, o.id, [other.id, other.id, 99_999_999]);
    expect(limited?.apps).toEqual([other.id]);
    expect(limited?.sessionVersion).toBe(o.sessionVersion + 1); // its sessions end
    expect(mayUseApp(limited ?? o, other.id)).toBe(true);
    expect(mayUseApp(limited ?? o, home.id)).toBe(false);
    // A promotion to admin lifts the limit for good (a later demotion does not bring it back).
    await createOperator(t.db, { email: `adm-${Date.now()}@example.com`, role: 'admin', password: 'limited-pass-123' });
    await updateOperator(t.db, o.id, { role: 'admin' });
    expect((await updateOperator(t.db, o.id, { role: 'viewer' }))?.apps).toBe('all');
    // The audit log within the limit: only the entries of its apps, no console-wide ones.
    const mark = `mark-${Date.now()}`;
    for (const appId of [home.id, other.id, undefined])
      await recordAudit(t.db, { operatorEmail: 'x@example.com', role: 'admin', action: mark, outcome: 'ok', appId });
    const seen = (within: 'all' | number[], app?: number) =>
      listAudit(t.db, { action: mark, within, app, count: 10 }).then((r) => r.rows.map((x) => x.appId ?? null));
    expect(await seen('all')).toEqual([null, other.id, home.id]);
    expect(await seen([other.id])).toEqual([other.id]);
    expect(await seen([other.id], home.id)).toEqual([]);
    expect(await seen([])).toEqual([]);
    expect(await seen('all', home.id)).toEqual([home.id]);
  });
});
