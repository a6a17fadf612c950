import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Directory } from '@/lib/console/directory';
import { DirectoryGroups } from '@/lib/console/directory-groups';
import { MEMBERS_IMPORT, membersImportHandler, stageMembersImport } from '@/lib/imports/members-import';
import { JobStore } from '@/lib/jobs/store';
import { createClient } from '@/lib/mesibo/client';
import { inProcessOf } from '@/lib/server/app-backends';
import { KeptGroups, KeptUsers } from '@/lib/sources/kept';
import { LiveGroups, LiveUsers } from '@/lib/sources/live';
import type { GroupsSource, UsersSource } from '@/lib/sources/types';
import { remoteConsoleApp, type TestEngine, testEngine } from '../../../helpers/engine';
import { bytes, runJobToEnd } from '../../../helpers/jobs';

/**
 * Import members end to end below the browser (SQLite, or PostgreSQL with TEST_DATABASE_URL):
 * the dry run tells new members, unchanged ones, permission changes and addresses that are not
 * users, changing nothing; the job applies groupeditmembers in calls of at most 1,000
 * addresses, on the bundled backend in-process and on a directory app (mesibo's cloud), where
 * addresses the directory does not know are skipped or, when asked, added to it first.
 */
let t: TestEngine;
let store: JobStore;
let consoleApp: number;
const bundled = {} as { users: UsersSource; groups: GroupsSource };
const kept = {} as { users: UsersSource; groups: GroupsSource };
/** Every groupeditmembers the bundled source sent in-process: how many addresses each. */
const edits: number[] = [];
const tag = `mi${Date.now().toString(36)}`;
const a = (n: string | number) => `${tag}-${n}`;

beforeAll(async () => {
  t = await testEngine();
  store = new JobStore(t.db);
  consoleApp = await remoteConsoleApp(t.db, 'members-cloud');
  const call = createClient(
    { kind: 'in-process', call: async (req) => (await t.engine.callAsApp(t.appId, req)).body },
    { timeoutMs: 5000, maxReplyBytes: 5 * 1024 * 1024 },
  );
  const engine = inProcessOf(t.engine, t.appId);
  const counted = {
    ...engine,
    bulk: ((requests, record, options) => {
      for (const r of requests) edits.push(((r.group as { members: { m: string[] } }).members.m ?? []).length);
      return engine.bulk(requests, record, options);
    }) as typeof engine.bulk,
  };
  bundled.users = new LiveUsers(
    call,
    () => kept.users,
    async () => counted,
  );
  bundled.groups = new LiveGroups(
    call,
    () => kept.groups,
    async () => counted,
  );
  // The "cloud": the same backend, called as a remote one (no engine), its lists kept in the directory.
  kept.users = new KeptUsers(consoleApp, new Directory(t.db), new LiveUsers(call, () => kept.users));
  kept.groups = new KeptGroups(consoleApp, new DirectoryGroups(t.db), new LiveGroups(call, () => kept.groups));
});
afterAll(async () => t.close());

async function dryRun(sources: typeof bundled, gid: number, csv: string) {
  const id = await store.create({ kind: MEMBERS_IMPORT, appId: consoleApp, title: 'members.csv', options: { gid } });
  return { id, summary: await stageMembersImport(t.db, store, id, 'members.csv', bytes(csv), sources, gid) };
}
function runToEnd(id: number, sources: typeof bundled) {
  return runJobToEnd(
    store,
    MEMBERS_IMPORT,
    membersImportHandler({ sourcesFor: async () => sources, concurrency: 4 }),
    id,
  );
}
const members = async (gid: number) => {
  const page = await t.call({ op: 'groupgetmembers', group: { gid }, count: 100 });
  return Object.fromEntries(
    (page.members as { address: string; permissions: { send: boolean; recv: boolean } }[]).map((m) => [
      m.address,
      `${m.permissions.send ? 's' : '-'}${m.permissions.recv ? 'r' : '-'}`,
    ]),
  );
};
const messages = async (id: number) => (await store.results(id, 0, 100)).map((r) => `${r.key}: ${r.message}`);

describe('Import members', () => {
  it('on the bundled backend: a dry run that names what is not a user, then the members as the file says', async () => {
    for (const n of ['same', 'changed', 'new']) await t.call({ op: 'useradd', user: { address: a(n) } });
    const { group } = await t.call({ op: 'groupadd', group: { name: a('group') } });
    await t.call({
      op: 'groupeditmembers',
      group: { gid: group.gid, members: { m: [a('same'), a('changed')], permissions: { send: true, recv: true } } },
    });
    const csv = [
      'address,can_send,can_receive,name',
      `${a('same')},true,yes,Same`,
      `${a('changed')},no,1,`,
      `${a('new')},,,`,
      `${a('ghost')},,,`,
      `${a('bad')},maybe,,`,
      `${a('new')},0,0,`,
    ].join('\n');
    const { id, summary } = await dryRun(bundled, group.gid, csv);
    expect(summary).toMatchObject({ rows: 6, new: 1, same: 1, changes: 1, unknown: 0, unchecked: 0, invalid: 3 });
    expect(summary.ignored).toEqual(['name']);
    expect(summary.problems.map((p) => `${p.line} ${p.column}: ${p.reason}`)).toEqual([
      '5 address: No user has this address in this app: import or create the user first.',
      '6 can_send: "maybe" is not true/false, 1/0 or yes/no.',
      '7 address: A duplicate of line 4 (the file names this address twice).',
    ]);
    expect(await members(group.gid)).toEqual({ [a('same')]: 'sr', [a('changed')]: 'sr' }); // nothing changed
    await store.queue(id, { gid: group.gid, addUnknown: false, skipInvalid: true }, summary.rows);
    expect(await runToEnd(id, bundled)).toMatchObject({ state: 'done', ok: 2, skipped: 4, failed: 0 });
    expect(await members(group.gid)).toEqual({ [a('same')]: 'sr', [a('changed')]: '-r', [a('new')]: 'sr' });
    expect(await messages(id)).toEqual([
      `${a('same')}: Already a member as in the file.`,
      `${a('changed')}: Permissions changed.`,
      `${a('new')}: Added to the group.`,
      `${a('ghost')}: No user has this address in this app: import or create the user first.`,
      `${a('bad')}: "maybe" is not true/false, 1/0 or yes/no.`,
      `${a('new')}: A duplicate of line 4 (the file names this address twice).`,
    ]);
  });

  it('2,500 members go in calls of at most 1,000 addresses, one set of permissions each', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => a(`many${i}`));
    for (let i = 0; i < rows.length; i += 500)
      await t.engine.bulk(
        t.appId,
        rows.slice(i, i + 500).map((address) => ({ op: 'useradd', user: { address } })),
        async () => undefined,
      );
    const { group } = await t.call({ op: 'groupadd', group: { name: a('many') } });
    const csv = ['address,can_send', ...rows.map((r, i) => `${r},${i % 2 ? 'yes' : 'no'}`)].join('\n');
    const { id, summary } = await dryRun(bundled, group.gid, csv);
    expect(summary).toMatchObject({ rows: 2500, new: 2500, invalid: 0 });
    edits.length = 0;
    await store.queue(id, { gid: group.gid, addUnknown: false, skipInvalid: false }, summary.rows);
    expect(await runToEnd(id, bundled)).toMatchObject({ state: 'done', ok: 2500 });
    expect(Math.max(...edits)).toBeLessThanOrEqual(1000);
    expect(edits.reduce((s, n) => s + n, 0)).toBe(2500);
    const { group: after } = await t.call({ op: 'groupset', group: { gid: group.gid } });
    expect(after.members).toBe(2500);
  });

  it('on a directory app: unknown addresses skipped unless Add them to the directory too; one that is not a user fails alone', async () => {
    const dir = new Directory(t.db);
    for (const n of ['known', 'cloudonly']) await t.call({ op: 'useradd', user: { address: a(n) } });
    await dir.putUser(consoleApp, { address: a('known') });
    const { group } = await t.call({ op: 'groupadd', group: { name: a('cloud') } });
    const csv = ['address', a('known'), a('cloudonly'), a('nowhere')].join('\n');

    const first = await dryRun(kept, group.gid, csv);
    expect(first.summary).toMatchObject({ rows: 3, unknown: 2, unchecked: 1, invalid: 0 });
    await store.queue(first.id, { gid: group.gid, addUnknown: false, skipInvalid: false }, 3);
    expect(await runToEnd(first.id, kept)).toMatchObject({ state: 'done', ok: 1, skipped: 2 });
    expect(await messages(first.id)).toEqual([
      `${a('known')}: Added, or its permissions set.`,
      `${a('cloudonly')}: Not in this app's directory, and Add them to the directory too was not ticked.`,
      `${a('nowhere')}: Not in this app's directory, and Add them to the directory too was not ticked.`,
    ]);

    const second = await dryRun(kept, group.gid, csv);
    await store.queue(second.id, { gid: group.gid, addUnknown: true, skipInvalid: false }, 3);
    expect(await runToEnd(second.id, kept)).toMatchObject({ state: 'done', ok: 2, failed: 1 });
    expect((await store.results(second.id, 0, 10)).map((r) => `${r.outcome} ${r.key}`)).toEqual([
      `ok ${a('known')}`,
      `ok ${a('cloudonly')}`,
      `failed ${a('nowhere')}`,
    ]);
    expect((await store.results(second.id, 0, 10))[2].message).toBe(
      'The backend has no user with this address: import or create the user first.',
    );
    expect(await members(group.gid)).toEqual({ [a('known')]: 'sr', [a('cloudonly')]: 'sr' });
    expect(await dir.getUser(consoleApp, a('cloudonly'))).toMatchObject({ source: 'import' });
    const kept_ = await new DirectoryGroups(t.db).getGroup(consoleApp, group.gid);
    expect(kept_).toMatchObject({ members: 2 });
  });
});
