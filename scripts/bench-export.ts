import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { Directory } from '@/lib/console/directory';
import { DirectoryGroups } from '@/lib/console/directory-groups';
import { csvPages, usersShape } from '@/lib/exports/shapes';
import { MEMBERS_IMPORT, membersImportHandler, stageMembersImport } from '@/lib/imports/members-import';
import { inProcessOf } from '@/lib/server/app-backends';
import { KeptGroups, KeptUsers } from '@/lib/sources/kept';
import { LiveGroups, LiveUsers } from '@/lib/sources/live';
import type { GroupsSource, UsersSource } from '@/lib/sources/types';
import { benchDatabase, runJob } from './bench-kit';

/**
 * `npm run bench:export`: Export CSV and Import members at their stated sizes, below the
 * browser (the CSV read a page at a time as the export route reads it, drained as a browser
 * would take it):
 * - Export CSV of 1,000,000 users of a bundled app (live: usersget, 100 a call, in-process) and
 *   of a cloud app's directory (targets: the first bytes within 1 s, all of it under 20 s, memory
 *   flat: well under the file's size above idle);
 * - Import members of 100,000 users into one group of a bundled app, dry run and job (target:
 *   under 60 s).
 * SQLite in a temporary folder, or PostgreSQL with --database-url. Options: --users <n>
 * (1000000), --members <n> (100000).
 */
const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000000' },
    members: { type: 'string', default: '100000' },
    'database-url': { type: 'string' },
  },
});
const USERS = Number(values.users);
const MEMBERS = Number(values.members);
const mb = (n: number) => Math.round(n / 1024 / 1024);
const s = (ms: number) => (ms / 1000).toFixed(1);

/** Drains an export, timing its first chunk and the whole, sampling memory as it goes. */
async function drain(users: UsersSource) {
  // The heap (and buffers) in use, not RSS: the seeding before leaves RSS high whatever the export does.
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  global.gc?.();
  const idle = used();
  // What the export holds, sampled after a collection every 100 pages (garbage is not memory
  // held); a timer would not do, as SQLite answers synchronously and the loop never waits.
  let peak = idle;
  let pages = 0;
  const t0 = performance.now();
  const first = await users.list({ q: '', sort: 'created' }, undefined, 1000);
  const tally = { rows: 0 };
  let firstMs = 0;
  let bytes = 0;
  for await (const chunk of csvPages(
    usersShape(first.source === 'directory'),
    first,
    (c) => users.list({ q: '', sort: 'created' }, c, 1000),
    tally,
  )) {
    if (!firstMs) firstMs = performance.now() - t0;
    bytes += Buffer.byteLength(chunk);
    if (++pages % 100 === 0) {
      global.gc?.();
      peak = Math.max(peak, used());
    }
  }
  const total = performance.now() - t0;
  return { rows: tally.rows, bytes, firstMs, total, memory: peak - idle };
}

async function main() {
  const { engine, defaultAppId, db, cloudApp, call, store, where, close } = await benchDatabase(
    'export',
    values['database-url'],
  );
  const sources = {} as { users: UsersSource; groups: GroupsSource; kept: UsersSource };
  sources.kept = new KeptUsers(cloudApp, new Directory(db), new LiveUsers(call, () => sources.kept));
  const keptGroups: GroupsSource = new KeptGroups(
    cloudApp,
    new DirectoryGroups(db),
    new LiveGroups(call, () => keptGroups),
  );
  sources.users = new LiveUsers(
    call,
    () => sources.kept,
    async () => inProcessOf(engine, defaultAppId),
  );
  sources.groups = new LiveGroups(
    call,
    () => keptGroups,
    async () => inProcessOf(engine, defaultAppId),
  );

  // The users, written directly (a seed, not what is measured): a bundled app's and a directory's.
  const t = Math.floor(Date.now() / 1000);
  for (let from = 0; from < USERS; from += 10_000) {
    const n = Math.min(10_000, USERS - from);
    const rows = Array.from({ length: n }, (_, i) => from + i);
    await db.tx(async (q) => {
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500);
        await q.run(
          `INSERT INTO users (app_id, address, name, active, flags, ts) VALUES ${chunk.map(() => '(?, ?, ?, 1, 0, ?)').join(', ')}`,
          chunk.flatMap((k) => [defaultAppId, `user${k}@example.org`, `User ${k}`, t]),
        );
        await q.run(
          `INSERT INTO directory_users (app_id, uid, address, name, active, tokens, source, created_ts, changed_ts) VALUES ${chunk.map(() => "(?, ?, ?, ?, 1, '[]', 'import', ?, ?)").join(', ')}`,
          chunk.flatMap((k) => [cloudApp, k + 1, `user${k}@example.org`, `User ${k}`, t, t]),
        );
      }
    });
  }
  if (values['database-url']) await db.run('ANALYZE');
  console.log(`Export CSV and Import members on ${where}: ${USERS.toLocaleString('en')} users`);

  for (const [label, users] of [
    ['bundled app, live (usersget in-process)', sources.users],
    ["cloud app, the console's directory", sources.kept],
  ] as const) {
    const r = await drain(users);
    console.log(
      `Export CSV, ${label}: ${r.rows.toLocaleString('en')} rows, ${mb(r.bytes)} MB; first bytes in ${Math.round(r.firstMs)} ms (target 1,000 ms), all in ${s(r.total)} s (target 20 s); memory held at most ${mb(r.memory)} MB above idle (flat: the file is ${mb(r.bytes)} MB)`,
    );
  }

  // Import members: MEMBERS of those users into one new group, as an operator would.
  const { group } = (await engine.callAsApp(defaultAppId, { op: 'groupadd', group: { name: 'bench' } }))
    .body as unknown as { group: { gid: number } };
  const file = Readable.from(
    (function* () {
      yield Buffer.from('address,can_send,can_receive\n');
      for (let from = 0; from < MEMBERS; from += 10_000) {
        let chunk = '';
        for (let i = from; i < Math.min(MEMBERS, from + 10_000); i++)
          chunk += `user${i}@example.org,${i % 4 ? 'yes' : 'no'},yes\n`;
        yield Buffer.from(chunk);
      }
    })(),
  );
  const id = await store.create({
    kind: MEMBERS_IMPORT,
    appId: cloudApp,
    title: 'members.csv',
    options: { gid: group.gid },
  });
  let t0 = performance.now();
  const summary = await stageMembersImport(db, store, id, 'members.csv', file, sources, group.gid);
  const dry = performance.now() - t0;
  await store.queue(id, { gid: group.gid, addUnknown: false, skipInvalid: false }, summary.rows);
  t0 = performance.now();
  const job = await runJob(
    store,
    MEMBERS_IMPORT,
    membersImportHandler({ sourcesFor: async () => sources, concurrency: 8 }),
    id,
  );
  const run = performance.now() - t0;
  console.log(
    `Import members, bundled app: ${summary.rows.toLocaleString('en')} rows (${summary.new.toLocaleString('en')} new), dry run ${s(dry)} s, job ${job?.state} with ${job?.ok.toLocaleString('en')} ok in ${s(run)} s; together ${s(dry + run)} s (target 60 s)`,
  );
  await close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
