import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Directory } from '@/lib/console/directory';
import { csvPages, usersShape } from '@/lib/exports/shapes';
import { stageUsersImport, USERS_IMPORT, usersImportHandler } from '@/lib/imports/users-import';
import { JobStore } from '@/lib/jobs/store';
import { createClient } from '@/lib/mesibo/client';
import { UpstreamError } from '@/lib/mesibo/errors';
import { inProcessOf } from '@/lib/server/app-backends';
import { KeptUsers } from '@/lib/sources/kept';
import { LiveUsers } from '@/lib/sources/live';
import type { UsersSource } from '@/lib/sources/types';
import { remoteConsoleApp, type TestEngine, testEngine } from '../../../helpers/engine';
import { bytes, runJobToEnd } from '../../../helpers/jobs';

/**
 * Import users end to end below the browser (SQLite, or PostgreSQL with TEST_DATABASE_URL): the
 * dry run changes nothing and counts what the file would do; the job applies it through the
 * app's users source, on the bundled backend in-process (each outcome with its effect) and into
 * the directory of an app whose backend cannot list (Add to directory).
 */
let t: TestEngine;
let store: JobStore;
let consoleApp: number;
let bundled: UsersSource;
let kept: UsersSource;
const tag = `im${Date.now().toString(36)}`;
const a = (n: string | number) => `${tag}-${n}@example.org`;

beforeAll(async () => {
  t = await testEngine();
  store = new JobStore(t.db);
  consoleApp = await remoteConsoleApp(t.db, 'import-cloud');
  const call = createClient(
    { kind: 'in-process', call: async (req) => (await t.engine.callAsApp(t.appId, req)).body },
    { timeoutMs: 5000, maxReplyBytes: 5 * 1024 * 1024 },
  );
  const live = new LiveUsers(
    call,
    () => kept,
    async () => inProcessOf(t.engine, t.appId),
  );
  bundled = live;
  kept = new KeptUsers(consoleApp, new Directory(t.db), new LiveUsers(call, () => kept));
});
afterAll(async () => t.close());

async function dryRun(users: UsersSource, csv: string) {
  const id = await store.create({ kind: USERS_IMPORT, appId: consoleApp, title: 'users.csv' });
  return { id, summary: await stageUsersImport(t.db, store, id, 'users.csv', bytes(csv), users) };
}
function runToEnd(id: number, users: UsersSource) {
  return runJobToEnd(store, USERS_IMPORT, usersImportHandler({ usersFor: async () => users, concurrency: 4 }), id);
}
const user = async (address: string) => (await t.call({ op: 'usersget', user: { address } })).users[0];

describe('Import users', () => {
  it('on the bundled backend: a dry run that changes nothing, then Create on the backend with each row once', async () => {
    await t.call({ op: 'useradd', user: { address: a('same'), name: 'Same' } });
    await t.call({ op: 'useradd', user: { address: a('renamed'), name: 'Old name', active: true } });
    const csv = [
      'address,name,active,shoe_size',
      `${a('same')},Same,,42`,
      `${a('renamed')},New name,no,`,
      `${a(1)},One,,`,
      `${a(2)},,yes,`,
      `${a(3)},Three,maybe,`,
      `${a(1)},Again,,`,
      ` ${a('lead')},Lead,,`,
      ',Nobody,,',
    ].join('\n');
    const { id, summary } = await dryRun(bundled, csv);
    expect(summary).toMatchObject({ rows: 8, new: 2, same: 1, changes: 1, unchecked: 0, invalid: 4 });
    expect(summary.ignored).toEqual(['shoe_size']);
    expect(summary.problems).toEqual([
      { line: 6, column: 'active', reason: '"maybe" is not true/false, 1/0 or yes/no.' },
      { line: 7, column: 'address', reason: 'A duplicate of line 4 (the file names this address twice).' },
      { line: 8, column: 'address', reason: 'An address cannot start or end with a space.' },
      { line: 9, column: 'address', reason: 'The address is empty.' },
    ]);
    // Nothing changed yet.
    expect(await user(a(1))).toBeUndefined();
    expect((await user(a('renamed'))).name).toBe('Old name');

    expect(await store.queue(id, { mode: 'backend', skipInvalid: true }, summary.rows)).toBe(true);
    const job = await runToEnd(id, bundled);
    expect(job).toMatchObject({ state: 'done', total: 8, done: 8, ok: 3, skipped: 5, failed: 0, unconfirmed: 0 });
    expect(await user(a(1))).toMatchObject({ name: 'One', active: true });
    expect(await user(a(2))).toMatchObject({ name: '', active: true }); // no name in the file: none made up
    expect(await user(a('renamed'))).toMatchObject({ name: 'New name', active: false });
    expect(await user(` ${a('lead')}`)).toBeUndefined();
    const results = await store.results(id, 0, 100);
    expect(results.map((r) => [r.line, r.outcome, r.message])).toEqual([
      [2, 'skipped', 'Already as in the file.'],
      [3, 'ok', 'Updated.'],
      [4, 'ok', 'Created.'],
      [5, 'ok', 'Created.'],
      [6, 'skipped', '"maybe" is not true/false, 1/0 or yes/no.'],
      [7, 'skipped', 'A duplicate of line 4 (the file names this address twice).'],
      [8, 'skipped', 'An address cannot start or end with a space.'],
      [9, 'skipped', 'The address is empty.'],
    ]);
  });

  it('into the directory of a cloud app (Add to directory): no backend call, uid and App IDs kept without a token', async () => {
    const dir = new Directory(t.db);
    await dir.putUser(consoleApp, { address: a('known'), name: 'Known', active: true });
    const csv = `address;name;uid;app_ids\n${a('known')};Known again;7;web\n${a('new')};New;12;"web;ios"\n`;
    const { id, summary } = await dryRun(kept, csv);
    expect(summary).toMatchObject({ rows: 2, new: 1, changes: 1, invalid: 0 });
    expect(await dir.getUser(consoleApp, a('new'))).toBeUndefined();
    await store.queue(id, { mode: 'directory', skipInvalid: false }, summary.rows);
    const job = await runToEnd(id, kept);
    expect(job).toMatchObject({ state: 'done', done: 2, ok: 2 });
    expect(await dir.getUser(consoleApp, a('new'))).toMatchObject({
      uid: 12,
      name: 'New',
      source: 'import',
      tokens: [
        { appid: 'web', expires: -1 },
        { appid: 'ios', expires: -1 },
      ],
    });
    expect(await dir.getUser(consoleApp, a('known'))).toMatchObject({ uid: 7, name: 'Known again' });
    expect(await user(a('new'))).toBeUndefined(); // the backend was not called
    expect((await store.results(id, 0, 10)).map((r) => r.message)).toEqual([
      'Updated in the directory.',
      'Added to the directory.',
    ]);
  });

  it('Add to directory is refused where the backend lists its users, and the job says why', async () => {
    const { id, summary } = await dryRun(bundled, `address\n${a('x')}\n`);
    await store.queue(id, { mode: 'directory', skipInvalid: false }, summary.rows);
    const job = await runToEnd(id, bundled);
    expect(job?.state).toBe('failed');
    expect(await user(a('x'))).toBeUndefined();
  });

  it('the backend gone: rows fail, the job pauses after 20 in a row, and every row in flight is settled (none left sent)', async () => {
    let calls = 0;
    const down = (async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 2));
      throw new UpstreamError(calls > 5 ? 'circuit_open' : 'unreachable', 'request-id');
    }) as never;
    const gone: UsersSource = new KeptUsers(consoleApp, new Directory(t.db), new LiveUsers(down, () => gone));
    const csv = ['address', ...Array.from({ length: 60 }, (_, i) => a(`gone${i}`))].join('\n');
    const { id, summary } = await dryRun(gone, csv);
    await store.queue(id, { mode: 'backend', skipInvalid: false }, summary.rows);
    const job = await runToEnd(id, gone);
    expect(job?.state).toBe('paused');
    expect(job?.message).toMatch(/^Paused after 20 failures in a row \(the last: Could not reach the backend/);
    expect(job?.failed).toBe(job?.done);
    expect(job?.done).toBeGreaterThanOrEqual(20);
    expect(job?.done).toBeLessThan(30); // the 8 in flight at most, then it stops: it does not spin
    const hanging = await t.db.all("SELECT n FROM job_rows WHERE job_id = ? AND sent_ts > 0 AND outcome = ''", [id]);
    expect(hanging).toEqual([]);
  });

  it('a file that is not one keeps nothing: no draft, no rows', async () => {
    const before = await t.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM jobs');
    await expect(dryRun(bundled, 'email,name\nx@example.org,X\n')).rejects.toThrow(/no "address" column/);
    expect(await t.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM jobs')).toEqual(before);
  });
});

/** Export CSV of the users matching `pattern`, as the export writes it, two rows a page (so it pages). */
async function exportOf(users: UsersSource, pattern: string) {
  const first = await users.list({ q: pattern, sort: 'created' }, undefined, 2);
  let text = '';
  const pages = csvPages(
    usersShape(first.source === 'directory'),
    first,
    (c) => users.list({ q: pattern, sort: 'created' }, c, 2),
    {
      rows: 0,
    },
  );
  for await (const chunk of pages) text += chunk;
  return text;
}

describe('Export users, imported back: no change', () => {
  it('a directory app: every row the same; Add to directory changes nothing (uid, App IDs and expiries kept)', async () => {
    const seed = [
      'address,name,active,uid,app_ids',
      `${a('rt1')},=Maya,yes,7,web:2027-01-01T00:00Z;android:never`,
      `${a('rt2')},,no,,ios`,
      `${a('rt3')},"Comma, and ""quotes""",,,`,
    ].join('\n');
    const seeded = await dryRun(kept, seed);
    await store.queue(seeded.id, { mode: 'directory', skipInvalid: false }, seeded.summary.rows);
    expect(await runToEnd(seeded.id, kept)).toMatchObject({ state: 'done', ok: 3 });
    const text = await exportOf(kept, `${tag}-rt*`);
    expect(text.split('\r\n')[0]).toBe('address,name,active,uid,created,app_ids,source,unconfirmed');
    expect(text).toContain(`${a('rt1')},'=Maya,true,7,`);
    expect(text).toContain(',web:2027-01-01T00:00Z;android:never,import,false');
    const before = await kept.list({ q: `${tag}-rt*`, sort: 'created' }, undefined, 10);
    const { id, summary } = await dryRun(kept, text);
    expect(summary).toMatchObject({ rows: 3, new: 0, same: 3, changes: 0, invalid: 0 });
    expect(summary.ignored).toEqual(['created', 'source', 'unconfirmed']);
    await store.queue(id, { mode: 'directory', skipInvalid: false }, summary.rows);
    expect(await runToEnd(id, kept)).toMatchObject({ state: 'done', ok: 0, skipped: 3 });
    expect((await store.results(id, 0, 10)).map((r) => r.message)).toEqual(Array(3).fill('Already as in the file.'));
    expect(await kept.list({ q: `${tag}-rt*`, sort: 'created' }, undefined, 10)).toEqual(before);
  });

  it('a bundled app: every row the same; Create on the backend sends nothing', async () => {
    await t.call({ op: 'useradd', user: { address: a('bt1'), name: '+Plus', token: { appid: 'web', expiry: 60 } } });
    await t.call({ op: 'useradd', user: { address: a('bt2'), active: false } });
    const text = await exportOf(bundled, `${tag}-bt*`);
    expect(text.split('\r\n')[0]).toBe('address,name,active,uid,created,app_ids');
    const { id, summary } = await dryRun(bundled, text);
    expect(summary).toMatchObject({ rows: 2, new: 0, same: 2, changes: 0, invalid: 0 });
    expect(summary.ignored).toEqual(['created']);
    await store.queue(id, { mode: 'backend', skipInvalid: false }, summary.rows);
    expect(await runToEnd(id, bundled)).toMatchObject({ state: 'done', ok: 0, skipped: 2 });
    expect(await user(a('bt1'))).toMatchObject({ name: '+Plus', tokens: [{ appid: 'web' }] });
  });
});
