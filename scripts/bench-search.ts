import { parseArgs } from 'node:util';
import { bulkAddUsers } from '@/lib/backend/seed-loader';
import { Directory } from '@/lib/console/directory';
import type { UserSort } from '@/lib/domain/list-query';
import { benchDatabase } from './bench-kit';

/**
 * `npm run bench:search`: search at a million users, in the bundled backend (usersget's search)
 * and in the console's directory (an app whose backend cannot list, as on mesibo's cloud). Seeds
 * --users (1,000,000) users in each, with names (accents included), one in a hundred inactive,
 * one in ten holding a token for an App ID, and "Maya Rodríguez" at maya.ro@example.org among
 * 1,600 other maya.ro… addresses; then times on the server (in-process, no HTTP) every search
 * kind, sort, filter and count as the console asks for them (a page of 25; after one untimed round,
 * whose slowest is printed: the first searches after a start read indexes from disk), and the Overview's
 * counts. Targets (p99): under 50 ms on SQLite, under 100 ms on PostgreSQL (patterns under
 * 100 ms on both); the Overview under 20 ms. SQLite in a temporary folder, or PostgreSQL with
 * --database-url; --only backend|directory runs one of the two.
 */
const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '40' },
    /** PostgreSQL: the database already holds a run's users (time again without seeding). */
    seeded: { type: 'boolean', default: false },
    only: { type: 'string' },
    'database-url': { type: 'string' },
  },
});
const USERS = Number(values.users);
const RUNS = Number(values.runs);

const FIRST = ['Maya', 'Ravi', 'Léna', 'José', 'Anna', 'Chen', 'Olu', 'Zoë', 'Ingrid', 'Mateo', 'Aisha', 'Søren'];
const LAST = ['Rodríguez', 'Okafor', 'Kowalski', 'Müller', 'Nguyen', 'Smith', 'García', 'Ødegaard', 'Sato', 'Silva'];
const plain = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/ø/gi, 'o')
    .toLowerCase();

function person(i: number) {
  const first = FIRST[i % FIRST.length];
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length];
  // Some addresses as people type them into apps: capitals kept.
  const local = `${plain(first)}.${plain(last).slice(0, 2)}${i}`;
  return {
    address: `${i % 7 === 0 ? `${first}.${last.slice(0, 2)}${i}` : local}@example.com`,
    name: `${first} ${last}`,
  };
}

/** Who the users are: the same people in the backend and in the directory. */
function people(from: number, n: number) {
  const rows = Array.from({ length: Math.min(n, USERS - from) }, (_, k) => ({
    ...person(from + k),
    active: (from + k) % 100 !== 7,
    appIds: (from + k) % 10 === 3 ? [{ appid: 'com.example.ops', expires: 0 }] : [],
  }));
  if (from === Math.floor(USERS / 2 / CHUNK) * CHUNK)
    rows.push(
      ...Array.from({ length: 1_600 }, (_, k) => ({
        address: `maya.ro${k}@example.net`,
        name: `Maya Ross ${k}`,
        active: true,
        appIds: [],
      })),
      { address: 'maya.ro@example.org', name: 'Maya Rodríguez', active: true, appIds: [] },
      { address: 'ravi.okafor@example.org', name: 'Ravi Okafor', active: true, appIds: [] },
    );
  return rows;
}
const CHUNK = 50_000;

/** A request as the console makes it: the search, the order, the filters, the page. */
type Ask = { q?: string; sort?: UserSort; active?: boolean; appid?: string; cursor?: string };

async function main() {
  const kit = await benchDatabase('search', values['database-url']);
  const directory = new Directory(kit.db);
  // Seeded before: the directory of the app that run made.
  const cloudApp = values.seeded
    ? Number(
        (await kit.db.get<{ app: number }>('SELECT app_id AS app FROM directory_users LIMIT 1'))?.app ?? kit.cloudApp,
      )
    : kit.cloudApp;
  const targets: [string, (ask: Ask) => Promise<unknown>, () => Promise<void>][] = [
    [
      'backend (usersget)',
      async (ask) => {
        // As the console asks: the first page with the count of all pages.
        const { active, appid, ...rest } = ask;
        const r = await kit.engine.callAsApp(kit.defaultAppId, {
          op: 'usersget',
          count: 25,
          ...rest,
          filter: { active, appid },
          total: !rest.cursor,
        });
        if (!r.body.result) throw new Error(`${JSON.stringify(ask)}: ${JSON.stringify(r.body)}`);
      },
      async () => {
        for (let i = 0; i < USERS; i += CHUNK) {
          const rows = people(i, CHUNK);
          await bulkAddUsers(kit.db, kit.defaultAppId, rows);
        }
        await kit.db.exec('UPDATE users SET active = 0 WHERE uid % 100 = 7');
        await kit.db.exec(
          "INSERT INTO tokens (uid, appid, token_hash, expires, ts) SELECT uid, 'com.example.ops', 'h' || uid, 0, 0 FROM users WHERE uid % 10 = 3",
        );
      },
    ],
    [
      "the console's directory",
      (ask) =>
        directory.listUsers(
          cloudApp,
          { q: ask.q ?? '', sort: ask.sort ?? '-created', active: ask.active, appid: ask.appid },
          ask.cursor,
          25,
        ),
      async () => {
        for (let i = 0; i < USERS; i += CHUNK) {
          const rows = people(i, CHUNK);
          for (let j = 0; j < rows.length; j += 5000)
            await kit.db.tx((q) => directory.putUsers(q, cloudApp, rows.slice(j, j + 5000), 'import'));
        }
      },
    ],
  ];
  for (const [where, ask, seed] of targets) {
    if (values.only && !where.includes(values.only)) continue;
    const t0 = Date.now();
    if (!values.seeded) await seed();
    // What autovacuum does after a load (since PostgreSQL 13 inserts alone start it): the statistics,
    // and the visibility map that lets a search read an index without the table.
    if (kit.db.dialect === 'postgres') await kit.db.exec('VACUUM ANALYZE');
    console.log(
      `\n${kit.where}, ${where}: ${USERS.toLocaleString('en')} users seeded in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
    );
    await timeKinds(kit, ask);
  }
  const overview: number[] = [];
  for (let i = 0; i < RUNS; i++)
    overview.push(await timed(kit, () => kit.engine.callAsApp(kit.defaultAppId, { op: 'stats', id: i })));
  line('Overview (stats)', overview, 20);
  const directoryCount: number[] = [];
  for (let i = 0; i < RUNS; i++) directoryCount.push(await timed(kit, () => directory.countUsers(cloudApp)));
  line("Overview (the directory's count)", directoryCount, 20);
  await kit.close();
}

type Kit = Awaited<ReturnType<typeof benchDatabase>>;

async function timed(kit: Kit, run: () => Promise<unknown>) {
  // Timed as a first read: the engine's read cache would answer a repeated request.
  (kit.engine as unknown as { readCache: Map<string, unknown> }).readCache.clear();
  const t = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function line(name: string, times: number[], limit: number) {
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)];
  const ok = q(0.99) < limit ? 'ok' : 'MISSED';
  console.log(
    `${name.padEnd(42)} p50 ${q(0.5).toFixed(1).padStart(6)} ms  p99 ${q(0.99).toFixed(1).padStart(6)} ms  (target ${limit} ms) ${ok}`,
  );
}

async function timeKinds(kit: Kit, ask: (a: Ask) => Promise<unknown>) {
  const anyPerson = () => person(Math.floor(Math.random() * USERS));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)];
  const mixedCase = (s: string) => [...s].map((c) => (Math.random() < 0.5 ? c.toUpperCase() : c)).join('');
  const cursorAt = (id: number) => Buffer.from(JSON.stringify([0, null, id])).toString('base64url');
  const someId = () => 1 + Math.floor(Math.random() * USERS);
  // Each kind: what the console sends, varied per run (a cache would otherwise answer repeats).
  const kinds: [string, () => Ask][] = [
    ['address prefix, mixed case (maya.ro)', () => ({ q: mixedCase('maya.ro') })],
    [
      'whole address, mixed case (exact first)',
      () => ({ q: mixedCase(pick(['maya.ro@example.org', anyPerson().address])) }),
    ],
    [
      'address prefix, 3–8 letters',
      () => ({ q: mixedCase(anyPerson().address.slice(0, 3 + Math.floor(Math.random() * 6))) }),
    ],
    ['name word prefix (rodri, kowal, …)', () => ({ q: pick(['rodri', 'kowal', 'RODRÍ', 'okaf', 'ødeg', 'mull']) })],
    ['two name words (maya rod)', () => ({ q: pick(['maya rod', 'léna kow', 'chen sat']) })],
    ['uid', () => ({ q: String(someId()) })],
    ['pattern *ravi.okafor*', () => ({ q: pick(['*ravi.okafor*', '*a.ok*', '*ro@example.org']) })],
    ['newest first, page 1', () => ({ sort: '-created' })],
    ['newest first, a later page', () => ({ sort: '-created', cursor: cursorAt(someId()) })],
    ['oldest first', () => ({ sort: 'created' })],
    ['address A–Z', () => ({ sort: 'address' })],
    ['name A–Z', () => ({ sort: 'name' })],
    ['inactive', () => ({ active: false })],
    ['active, name A–Z', () => ({ active: true, sort: 'name' })],
    ['token for an App ID', () => ({ appid: 'com.example.ops' })],
    ['search and inactive (maya)', () => ({ q: 'maya', active: false })],
    ['broad search (m: more than 10,000)', () => ({ q: pick(['m', 'ma', 'r']) })],
  ];
  const target = kit.db.dialect === 'postgres' ? 100 : 50;
  // One untimed round first: the first searches after a start read the indexes from disk (said
  // apart, as what the first visitor after a restart waits), the runs after it are the steady state.
  const cold: number[] = [];
  for (const [, make] of kinds) cold.push(await timed(kit, () => ask(make())));
  console.log(
    `first round after the start (each kind once): slowest ${Math.max(...cold).toFixed(0)} ms, all ${cold.reduce((a, b) => a + b, 0).toFixed(0)} ms`,
  );
  for (const [name, make] of kinds) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const a = make();
      const ms = await timed(kit, () => ask(a));
      if (ms > 500) console.log(`  slow: ${JSON.stringify(a)} took ${ms.toFixed(0)} ms`);
      times.push(ms);
    }
    line(name, times, name.startsWith('pattern') ? 100 : target);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
