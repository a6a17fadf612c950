import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppRegistry } from '@/lib/console/apps';
import { Directory } from '@/lib/console/directory';
import { secretBox } from '@/lib/console/secret-box';
import { SERVER_KEY, type TestEngine, testEngine } from '../../../helpers/engine';

/** The console's directory of users (apps whose backend cannot list), on SQLite and PostgreSQL alike. */
let t: TestEngine;
let appId: number;
let otherApp: number;
beforeAll(async () => {
  t = await testEngine();
  const registry = new AppRegistry(t.db, { bundled: true });
  const remote = (name: string) =>
    registry.createRemote(secretBox(SERVER_KEY), {
      name,
      environment: 'development',
      apiUrl: 'https://api.mesibo.com/backend/',
      token: 'cloudtoken0123456789abcdefghijklmnopqrstuvwxyz',
    });
  appId = (await remote('cloud')).id;
  otherApp = (await remote('cloud-2')).id;
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
    const first = await dir.listUsers(otherApp, 'page-*', undefined, 5);
    expect(first.users.map((u) => u.address)).toEqual([0, 1, 2, 3, 4].map((i) => `page-${i}@example.com`));
    const second = await dir.listUsers(otherApp, 'page-*', first.next, 5);
    expect(second.users.map((u) => u.address)).toEqual(['page-5@example.com', 'page-6@example.com']);
    expect(second.next).toBeUndefined();
    expect((await dir.listUsers(otherApp, '*@example.org', undefined, 5)).users.map((u) => u.address)).toEqual([
      'other@example.org',
    ]);
    // A % or _ typed is a character, not a wildcard.
    expect((await dir.listUsers(otherApp, 'page_*', undefined, 5)).users).toEqual([]);
    expect(await dir.countUsers(otherApp)).toBe(8);
  });
});
