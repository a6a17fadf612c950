import http from 'node:http';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createBackendHandler } from '@/lib/backend/http';
import { Directory } from '@/lib/console/directory';
import { stageUsersImport, USERS_IMPORT, usersImportHandler } from '@/lib/imports/users-import';
import type { JobStore } from '@/lib/jobs/store';
import { createClient } from '@/lib/mesibo/client';
import { inProcessOf } from '@/lib/server/app-backends';
import { KeptUsers } from '@/lib/sources/kept';
import { LiveUsers } from '@/lib/sources/live';
import type { UsersSource } from '@/lib/sources/types';
import { benchDatabase, runJob } from './bench-kit';

/**
 * `npm run bench:import`: Import users at its stated sizes, below the browser (the file read
 * from a stream as the upload route reads it):
 * - the dry run of a 1,000,000-row file (target: under 30 s, memory under 300 MB above idle);
 * - Add to directory of those rows (target: under 60 s);
 * - Create on the backend of 10,000 rows on a bundled app in-process (target: 5,000 rows/s), and
 *   against the bundled /backend over loopback HTTP configured as a remote app (target: 500 rows/s).
 * SQLite in a temporary folder, or PostgreSQL with --database-url. Options: --rows <n> (1000000),
 * --create <n> (10000).
 */
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    create: { type: 'string', default: '10000' },
    'database-url': { type: 'string' },
  },
});
const ROWS = Number(values.rows);
const CREATE = Number(values.create);

/** The file, generated as it is read (a 1,000,000-row file is ~45 MB). */
function csv(rows: number, prefix: string) {
  return Readable.from(
    (function* () {
      yield Buffer.from('address,name,active\n');
      for (let from = 0; from < rows; from += 10_000) {
        let chunk = '';
        for (let i = from; i < Math.min(rows, from + 10_000); i++)
          chunk += `${prefix}${i}@example.org,User ${i},${i % 3 ? 'yes' : 'no'}\n`;
        yield Buffer.from(chunk);
      }
    })(),
  );
}

const mb = (n: number) => Math.round(n / 1024 / 1024);

const run = (store: JobStore, id: number, users: UsersSource) =>
  runJob(store, USERS_IMPORT, usersImportHandler({ usersFor: async () => users, concurrency: 8 }), id);

async function main() {
  const {
    engine,
    defaultAppId,
    token,
    db,
    cloudApp: appId,
    call,
    store,
    where,
    close,
  } = await benchDatabase('import', values['database-url']);
  const bundled: UsersSource = new LiveUsers(
    call,
    () => kept,
    async () => inProcessOf(engine, defaultAppId),
  );
  const kept: UsersSource = new KeptUsers(appId, new Directory(db), new LiveUsers(call, () => kept));
  console.log(
    `Import users on ${where}: ${ROWS.toLocaleString('en')} rows into a cloud app's directory, ${CREATE.toLocaleString('en')} created on the bundled backend in-process`,
  );

  global.gc?.();
  const idle = process.memoryUsage().rss;
  let peak = idle;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const draft = await store.create({ kind: USERS_IMPORT, appId, title: 'bench.csv' });
  let t0 = performance.now();
  const summary = await stageUsersImport(db, store, draft, 'bench.csv', csv(ROWS, 'user'), kept);
  const dry = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  console.log(
    `dry run: ${summary.rows.toLocaleString('en')} rows (${summary.new.toLocaleString('en')} new) in ${dry.toFixed(1)} s (target 30 s); memory ${mb(peak - idle)} MB above idle (target 300 MB)`,
  );

  await store.queue(draft, { mode: 'directory', skipInvalid: false }, summary.rows);
  t0 = performance.now();
  const added = await run(store, draft, kept);
  const add = (performance.now() - t0) / 1000;
  console.log(
    `Add to directory: ${added.ok.toLocaleString('en')} of ${added.total.toLocaleString('en')} rows ${added.state} in ${add.toFixed(1)} s (target 60 s)`,
  );

  const created = await store.create({ kind: USERS_IMPORT, appId, title: 'create.csv' });
  const s2 = await stageUsersImport(db, store, created, 'create.csv', csv(CREATE, 'made'), bundled);
  await store.queue(created, { mode: 'backend', skipInvalid: false }, s2.rows);
  t0 = performance.now();
  const made = await run(store, created, bundled);
  const secs = (performance.now() - t0) / 1000;
  console.log(
    `Create on the backend (in-process): ${made.ok.toLocaleString('en')} of ${made.total.toLocaleString('en')} rows ${made.state} in ${secs.toFixed(1)} s = ${Math.round(made.ok / secs).toLocaleString('en')} rows/s (target 5,000)`,
  );

  // The same backend over loopback HTTP, as a remote app that lists (a self-hosted mesibo):
  // which rows are new is told row by row (usersget), then a useradd each, 8 in flight.
  const server = http.createServer(createBackendHandler({ engine, trustProxyHops: 0, onError: () => undefined }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}/backend`;
  const remoteCall = createClient(
    { kind: 'remote', url, token },
    { timeoutMs: 10_000, maxReplyBytes: 5 * 1024 * 1024 },
  );
  const remote: UsersSource = new LiveUsers(remoteCall, () => kept);
  const overHttp = await store.create({ kind: USERS_IMPORT, appId, title: 'remote.csv' });
  const s3 = await stageUsersImport(db, store, overHttp, 'remote.csv', csv(CREATE, 'remote'), remote);
  await store.queue(overHttp, { mode: 'backend', skipInvalid: false }, s3.rows);
  t0 = performance.now();
  const sent = await run(store, overHttp, remote);
  const httpSecs = (performance.now() - t0) / 1000;
  console.log(
    `Create on the backend (remote over loopback HTTP): ${sent.ok.toLocaleString('en')} of ${sent.total.toLocaleString('en')} rows ${sent.state} in ${httpSecs.toFixed(1)} s = ${Math.round(sent.ok / httpSecs).toLocaleString('en')} rows/s (target 500)`,
  );
  server.close();
  await close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
