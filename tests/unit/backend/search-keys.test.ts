import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USERS_KEYED } from '@/lib/backend/search-keys';
import { bulkAddUsers } from '@/lib/backend/seed-loader';
import { fillSearchKeys } from '@/lib/db/search-keys';
import { type TestEngine, testEngine } from '../../helpers/engine';

/**
 * Every user has what search finds it by: its address in lower case and the words of its name
 * without accents, kept by every write (useradd on both of its paths, userset, userdel, the seed
 * loader); users written before (an upgrade) get theirs at start, a chunk at a time.
 */
let t: TestEngine;
beforeAll(async () => {
  t = await testEngine();
});
afterAll(async () => t.close());

const keysOf = async (address: string) => {
  const user = await t.db.get<{ uid: number; address_key: string | null }>(
    'SELECT uid, address_key FROM users WHERE app_id = ? AND address = ?',
    [t.appId, address],
  );
  if (!user) return undefined;
  const words = await t.db.all<{ word: string }>('SELECT word FROM user_words WHERE uid = ? ORDER BY word', [user.uid]);
  return { key: user.address_key, words: words.map((w) => w.word) };
};

describe('search keys', () => {
  it('useradd, userset and userdel keep them', async () => {
    await t.call({ op: 'useradd', user: { address: 'Maya.Ro@Example.org', name: 'Maya Rodríguez' } });
    expect(await keysOf('Maya.Ro@Example.org')).toEqual({ key: 'maya.ro@example.org', words: ['maya', 'rodriguez'] });
    // Another field only: the words stay; a new name: the old words go, the kept ones stay once.
    await t.call({ op: 'useradd', user: { address: 'Maya.Ro@Example.org', active: false } });
    expect((await keysOf('Maya.Ro@Example.org'))?.words).toEqual(['maya', 'rodriguez']);
    await t.call({ op: 'userset', user: { address: 'Maya.Ro@Example.org', name: 'Maya Ångström-Ro' } });
    expect((await keysOf('Maya.Ro@Example.org'))?.words).toEqual(['angstrom', 'maya', 'ro']);
    await t.call({ op: 'useradd', user: { address: 'Maya.Ro@Example.org', name: '' } });
    expect((await keysOf('Maya.Ro@Example.org'))?.words).toEqual([]);
    await t.call({ op: 'useradd', user: { address: 'Maya.Ro@Example.org', name: 'Maya', token: { appid: 'web' } } });
    expect(await keysOf('Maya.Ro@Example.org')).toEqual({ key: 'maya.ro@example.org', words: ['maya'] });
    const uid = (await t.db.get<{ uid: number }>('SELECT uid FROM users WHERE address = ?', ['Maya.Ro@Example.org']))
      ?.uid;
    await t.call({ op: 'userdel', user: { address: 'Maya.Ro@Example.org' } });
    expect(await t.db.all('SELECT word FROM user_words WHERE uid = ?', [Number(uid)])).toEqual([]);
  });

  it('the seed loader writes them with its users', async () => {
    await bulkAddUsers(t.db, t.appId, [
      { address: 'SEED-1@x.io', name: 'Zoë Adams' },
      { address: 'seed-2@x.io', name: '' },
    ]);
    expect(await keysOf('SEED-1@x.io')).toEqual({ key: 'seed-1@x.io', words: ['adams', 'zoe'] });
    expect(await keysOf('seed-2@x.io')).toEqual({ key: 'seed-2@x.io', words: [] });
  });

  it('users written without them (before the upgrade) get them at start, every one, and only once', async () => {
    const n = 11_000; // more than two chunks
    await t.db.tx(async (q) => {
      for (let i = 0; i < n; i += 500)
        await q.run(
          `INSERT INTO users (app_id, address, name, active, flags, ts) VALUES ${Array.from({ length: 500 }, () => '(?, ?, ?, 1, 0, 0)').join(', ')}`,
          Array.from({ length: 500 }, (_, k) => [t.appId, `OLD-${i + k}@Example.com`, `Old Ünïcode ${i + k}`]).flat(),
        );
    });
    // Changed before the fill: with a name, keyed there and then; without, left to the fill.
    await t.call({ op: 'useradd', user: { address: 'OLD-1@Example.com', active: false } });
    await t.call({ op: 'userset', user: { address: 'OLD-2@Example.com', flags: 4 } });
    await t.call({ op: 'userset', user: { address: 'OLD-3@Example.com', name: 'Renamed Before' } });
    expect(await keysOf('OLD-3@Example.com')).toEqual({ key: 'old-3@example.com', words: ['before', 'renamed'] });
    const heard: [number, number][] = [];
    expect(await fillSearchKeys(t.db, USERS_KEYED, (done, missing) => heard.push([done, missing]))).toBe(n - 1);
    expect(heard[0]).toEqual([0, n - 1]);
    expect(heard.at(-1)).toEqual([n - 1, n - 1]);
    expect(await keysOf('OLD-1@Example.com')).toEqual({ key: 'old-1@example.com', words: ['1', 'old', 'unicode'] });
    expect(await keysOf('OLD-2@Example.com')).toEqual({ key: 'old-2@example.com', words: ['2', 'old', 'unicode'] });
    expect((await keysOf('OLD-3@Example.com'))?.words).toEqual(['before', 'renamed']);
    expect(await keysOf('OLD-4499@Example.com')).toEqual({
      key: 'old-4499@example.com',
      words: ['4499', 'old', 'unicode'],
    });
    expect(await t.db.get('SELECT COUNT(*) AS n FROM users WHERE address_key IS NULL')).toEqual({ n: 0 });
    expect(await fillSearchKeys(t.db, USERS_KEYED)).toBe(0);
  });
});
