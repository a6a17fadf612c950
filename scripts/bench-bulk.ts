import http from 'node:http';
import { parseArgs } from 'node:util';
import { createBackendHandler } from '@/lib/backend/http';
import { bulkAddUsers } from '@/lib/backend/seed-loader';
import { draftMembersBulk, MEMBERS_BULK, membersBulkHandler } from '@/lib/bulk/members-bulk';
import { draftUsersBulk, USERS_BULK, usersBulkHandler } from '@/lib/bulk/users-bulk';
import type { UsersBulkAction } from '@/lib/domain/bulk-actions';
import { createClient } from '@/lib/mesibo/client';
import { GroupReply } from '@/lib/mesibo/contract';
import { inProcessOf } from '@/lib/server/app-backends';
import { LiveGroups, LiveMessages, LiveUsers } from '@/lib/sources/live';
import type { Call, Sources } from '@/lib/sources/types';
import { benchDatabase, runJob, timeCases } from './bench-kit';

/**
 * `npm run bench:bulk`: bulk actions on users as the console runs them (a job through the job
 * runner and the app's sources, each changed user audited), below the browser:
 * - Deactivate of --users (10,000) users of a bundled app, in-process (target: under 10 s);
 * - the same users activated again through the bundled /backend over loopback HTTP, as a remote
 *   app (target: 500 rows/s or more).
 * - a member list of 10,000 (those users in one group) as the group's page reads it, 100 a page:
 *   the first, the middle and the last page by number, and a filter by address prefix (target:
 *   under 50 ms of server time per page), then Can send off for all 10,000 as a job.
 * SQLite in a temporary folder, or PostgreSQL with --database-url.
 */
const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '10000' },
    'database-url': { type: 'string' },
  },
});
const USERS = Number(values.users);

async function main() {
  const kit = await benchDatabase('bulk', values['database-url']);
  const { db, engine, defaultAppId, token, store } = kit;
  const addresses = Array.from({ length: USERS }, (_, i) => `bulk${i}@example.com`);
  for (let i = 0; i < USERS; i += 50_000)
    await bulkAddUsers(
      db,
      defaultAppId,
      addresses.slice(i, i + 50_000).map((address) => ({ address, name: address })),
    );
  const none = () => {
    throw new Error('the backend lists everything');
  };
  const sourcesOf = (call: Call, bundled: boolean): Sources => {
    const inProcess = bundled ? async () => inProcessOf(engine, defaultAppId) : undefined;
    return {
      users: new LiveUsers(call, none, inProcess),
      groups: new LiveGroups(call, none, inProcess),
      messages: new LiveMessages(call, none),
    } as unknown as Sources;
  };
  const run = async (action: UsersBulkAction, sources: Sources) => {
    const { job: id, count } = await draftUsersBulk(
      store,
      { appId: kit.cloudApp, operator: { id: 1, email: 'bench@example.com' }, action, title: action.kind },
      [addresses],
      USERS,
    );
    await store.queue(id, { action }, count);
    const t0 = performance.now();
    const handler = usersBulkHandler({ sourcesFor: async () => sources, db: async () => db, concurrency: 8 });
    const job = await runJob(store, USERS_BULK, handler, id);
    return { job, secs: (performance.now() - t0) / 1000 };
  };
  const rate = (ok: number, secs: number) => Math.round(ok / secs).toLocaleString('en');

  const bundled = await run({ kind: 'deactivate' }, sourcesOf(kit.call, true));
  console.log(
    `${kit.where}: Deactivate ${bundled.job.ok.toLocaleString('en')} of ${USERS.toLocaleString('en')} users (bundled, in-process) ${bundled.job.state} in ${bundled.secs.toFixed(1)} s = ${rate(bundled.job.ok, bundled.secs)} rows/s (target: under 10 s)`,
  );

  const server = http.createServer(createBackendHandler({ engine, trustProxyHops: 0, onError: () => undefined }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}/backend`;
  const remote = createClient({ kind: 'remote', url, token }, { timeoutMs: 10_000, maxReplyBytes: 5 * 1024 * 1024 });
  const overHttp = await run({ kind: 'activate' }, sourcesOf(remote, false));
  console.log(
    `${kit.where}: Activate ${overHttp.job.ok.toLocaleString('en')} of ${USERS.toLocaleString('en')} users (remote over loopback HTTP) ${overHttp.job.state} in ${overHttp.secs.toFixed(1)} s = ${rate(overHttp.job.ok, overHttp.secs)} rows/s (target: 500 rows/s)`,
  );
  const audited = await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'user.update'");
  console.log(`audit entries written, one per user changed: ${Number(audited?.n).toLocaleString('en')}`);
  server.close();
  await memberList(kit, addresses);
  await kit.close();
}

/** The group's page over a member list of every user: pages by number and a filter, then a bulk change of them all. */
async function memberList(kit: Awaited<ReturnType<typeof benchDatabase>>, addresses: readonly string[]) {
  const { engine, defaultAppId, db, store } = kit;
  const group = await kit.call('groupadd', { group: { name: 'everyone' } }, GroupReply);
  const gid = group.group.gid;
  for (let i = 0; i < addresses.length; i += 10_000)
    await kit.call('groupeditmembers', { group: { gid, members: { m: addresses.slice(i, i + 10_000) } } }, GroupReply);
  const none = () => {
    throw new Error('the backend lists everything');
  };
  const groups = new LiveGroups(kit.call, none, async () => inProcessOf(engine, defaultAppId), { memberPages: true });
  const pages = Math.ceil(addresses.length / 100);
  const n = addresses.length.toLocaleString('en');
  console.log(`${kit.where}: a member list of ${n}, 100 a page (p50 / p99 of 40 first reads; target: under 50 ms)`);
  await timeCases(
    [
      ['page 1, with the count', () => groups.memberPage(gid, { q: '', page: 1 }, 100)],
      [`page ${Math.ceil(pages / 2)}`, () => groups.memberPage(gid, { q: '', page: Math.ceil(pages / 2) }, 100)],
      ['Last page', () => groups.memberPage(gid, { q: '', page: 'last' }, 100)],
      ['filtered by a prefix in another case (11 match)', () => groups.memberPage(gid, { q: 'BULK100', page: 1 }, 100)],
    ],
    {
      runs: 40,
      targetMs: 50,
      beforeEach: () => (engine as unknown as { readCache: Map<string, unknown> }).readCache.clear(),
    },
  );
  const options = { gid, action: { kind: 'sendOff' as const } };
  const { job: id, count } = await draftMembersBulk(
    store,
    { appId: kit.cloudApp, operator: { id: 1, email: 'bench@example.com' }, options, title: 'Can send off' },
    [addresses.map((address) => ({ address }))],
    addresses.length,
  );
  await store.queue(id, options, count);
  const sources = { groups } as unknown as Sources;
  const t0 = performance.now();
  const job = await runJob(
    store,
    MEMBERS_BULK,
    membersBulkHandler({ sourcesFor: async () => sources, db: async () => db }),
    id,
  );
  const secs = (performance.now() - t0) / 1000;
  console.log(
    `${kit.where}: Can send off for ${job.ok.toLocaleString('en')} of ${n} members (bundled, in-process) ${job.state} in ${secs.toFixed(1)} s`,
  );
  const audited = await db.get<{ n: number }>(
    "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'group.member.permissions'",
  );
  console.log(`audit entries written, one per member changed: ${Number(audited?.n).toLocaleString('en')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
