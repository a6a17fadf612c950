import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftUsersBulk, USERS_BULK, usersBulkHandler } from '@/lib/bulk/users-bulk';
import { listAudit } from '@/lib/console/audit';
import type { UsersBulkAction } from '@/lib/domain/bulk-actions';
import { JobStore } from '@/lib/jobs/store';
import { createClient } from '@/lib/mesibo/client';
import { inProcessOf } from '@/lib/server/app-backends';
import { LiveGroups, LiveMessages, LiveUsers } from '@/lib/sources/live';
import type { Sources } from '@/lib/sources/types';
import { remoteConsoleApp, type TestEngine, testEngine } from '../../../helpers/engine';
import { runJobToEnd } from '../../../helpers/jobs';

/**
 * Issue 27: a bulk action on users as a job, below the browser (SQLite, or PostgreSQL with
 * TEST_DATABASE_URL): each row ends exactly (done, skipped with why, failed alone), the backend
 * changed as asked, and each user changed has its own audit entry with the fields that changed.
 */
let t: TestEngine;
let store: JobStore;
let sources: Sources;
let consoleApp: number;
const tag = `bk${Date.now().toString(36)}`;
const a = (n: string | number) => `${tag}-${n}@example.org`;

beforeAll(async () => {
  t = await testEngine();
  store = new JobStore(t.db);
  consoleApp = await remoteConsoleApp(t.db, 'bulk'); // the job's app (the sources below are the bundled app's)
  const call = createClient(
    { kind: 'in-process', call: async (req) => (await t.engine.callAsApp(t.appId, req)).body },
    { timeoutMs: 5000, maxReplyBytes: 5 * 1024 * 1024 },
  );
  const engine = async () => inProcessOf(t.engine, t.appId);
  const none = () => {
    throw new Error('the bundled backend lists everything');
  };
  sources = {
    users: new LiveUsers(call, none, engine),
    groups: new LiveGroups(call, none, engine),
    messages: new LiveMessages(call, none),
  } as unknown as Sources;
});
afterAll(async () => t.close());

async function run(action: UsersBulkAction, addresses: string[]) {
  const { job: id, count } = await draftUsersBulk(
    store,
    { appId: consoleApp, operator: { id: 1, email: 'bulk@example.com' }, action, title: action.kind },
    [addresses],
    1000,
  );
  await store.queue(id, { action }, count);
  const handler = usersBulkHandler({ sourcesFor: async () => sources, db: async () => t.db, concurrency: 4 });
  const job = await runJobToEnd(store, USERS_BULK, handler, id);
  const rows = await store.results(id, 0, 100);
  return { job, outcomes: Object.fromEntries(rows.map((r) => [r.key, `${r.outcome} ${r.message}`.trim()])) };
}
const user = async (address: string) => (await t.call({ op: 'usersget', user: { address } })).users[0];
const entries = async (subject: string, action: string) => (await listAudit(t.db, { subject, action, count: 10 })).rows;

describe('bulk actions on users', () => {
  it('Deactivate: each user once, those already inactive and the unknown skipped, each change audited', async () => {
    for (const n of [1, 2, 3]) await t.call({ op: 'useradd', user: { address: a(n) } });
    await t.call({ op: 'useradd', user: { address: a('off'), active: false } });
    const { job, outcomes } = await run({ kind: 'deactivate' }, [a(1), a(2), a(3), a('off'), a('nobody')]);
    expect(job).toMatchObject({ state: 'done', total: 5, ok: 3, skipped: 2, failed: 0 });
    expect(outcomes[a('off')]).toBe('skipped Already inactive.');
    expect(outcomes[a('nobody')]).toBe('skipped No user with this address.');
    for (const n of [1, 2, 3]) expect((await user(a(n))).active).toBe(false);
    const [entry] = await entries(a(2), 'user.update');
    expect(entry).toMatchObject({ operatorEmail: 'bulk@example.com', outcome: 'ok', detail: `job ${job?.id}` });
    expect(entry.changes).toEqual({ basis: 'backend', fields: [{ field: 'active', from: true, to: false }] });
    expect(await entries(a('off'), 'user.update')).toEqual([]); // skipped: nothing changed, nothing said
  });

  it('Remove token: from the users holding one for the App ID; the others skipped', async () => {
    for (const n of [4, 5]) await t.call({ op: 'useradd', user: { address: a(n), token: { appid: 'web' } } });
    await t.call({ op: 'useradd', user: { address: a(6), token: { appid: 'ios' } } });
    const { job, outcomes } = await run({ kind: 'removeToken', appid: 'web' }, [a(4), a(5), a(6)]);
    expect(job).toMatchObject({ state: 'done', ok: 2, skipped: 1 });
    expect(outcomes[a(6)]).toBe('skipped No token for App ID web.');
    expect((await user(a(4))).tokens ?? []).toEqual([]);
    expect((await user(a(6))).tokens).toHaveLength(1);
    const [entry] = await entries(a(5), 'token.remove');
    expect(entry.target).toBe(`${a(5)} (web)`);
    expect(entry.changes?.fields[0]).toMatchObject({ field: 'token web', to: null });
    expect(String(entry.changes?.fields[0].from)).toMatch(/^expires /);
  });

  it('Add to group: the members added with their permissions, an address that is not a user failing alone', async () => {
    for (const n of [7, 8]) await t.call({ op: 'useradd', user: { address: a(n) } });
    const crew = await t.call({ op: 'groupadd', group: { name: `Crew ${tag}`, members: { m: [a(7)] } } });
    const gid = crew.group.gid;
    const { job, outcomes } = await run({ kind: 'addToGroup', gid, send: false, recv: true }, [a(7), a(8), a('ghost')]);
    expect(job).toMatchObject({ state: 'done', ok: 2, failed: 1 });
    expect(outcomes[a('ghost')]).toMatch(/^failed /);
    const members = (await t.call({ op: 'groupgetmembers', group: { gid } })).members;
    expect(members.map((m: { address: string }) => m.address).sort()).toEqual([a(7), a(8)].sort());
    const [added] = await entries(a(8), 'group.members.add');
    expect(added.target).toBe(`gid ${gid}: ${a(8)}`);
    expect(added.changes?.fields).toEqual([
      { field: 'can send', from: null, to: false },
      { field: 'can receive', from: null, to: true },
    ]);
    const [changed] = await entries(a(7), 'group.members.add');
    expect(changed.changes?.fields).toEqual([{ field: 'can send', from: true, to: false }]);
  });

  it('Delete: the users gone, each audited with what went', async () => {
    await t.call({ op: 'useradd', user: { address: a(9), name: 'Nine' } });
    const { job } = await run({ kind: 'delete' }, [a(9)]);
    expect(job).toMatchObject({ state: 'done', ok: 1 });
    expect(await user(a(9))).toBeUndefined();
    const [entry] = await entries(a(9), 'user.delete');
    expect(entry.changes?.fields).toEqual([
      { field: 'name', from: 'Nine', to: null },
      { field: 'active', from: true, to: null },
    ]);
  });
});
