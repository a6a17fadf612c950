import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openBackend } from '@/lib/backend';
import { bulkAddUsers } from '@/lib/backend/seed-loader';
import { CONSOLE_MIGRATIONS } from '@/lib/console/migrations';
import { throwawaySchema } from '../tests/helpers/pg-schema';
import { freePort, startServer } from '../tests/helpers/server';

/**
 * `npm run bench:backend`: throughput of /backend on the production server (build first),
 * as a ratio of a bare node:http JSON server measured in the same run, plus the engine's
 * p99 for a prefix-pattern usersget page among 1,000,000 users.
 * Options: --duration <s> per scenario (8), --connections <n> (32), --users <n> (1000000).
 * --runs <n> (1): every scenario n times in a row on one server and database, the floor
 * measured again at the start of each run; reported as min, median and max, with the slowest
 * run against the fastest.
 * --postgres: also on PostgreSQL (--database-url, default the test cluster's mesibo_test
 * database; a throwaway schema in it; --pool <n>: the server's DATABASE_POOL_SIZE), twice: on a
 * fresh database, then on the same one after --reuse-writes (100000) writes, by a new server;
 * with pgbench's select-only and default transactions after each run, as what PostgreSQL
 * itself serves on this machine at that moment (its spread is the machine's own noise).
 * --only postgres: leaves SQLite out.
 * --activity-cost: only what keeping activity per quarter hour (the Overview's charts) costs a
 * PostgreSQL `message` and `useradd`: two servers on two fresh databases, one as migrated and
 * one without the activity triggers (as before them), measured in turns within the same run
 * (--runs of each, the order swapped every run); target: at least 0.95 of the rate without.
 */
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '32' },
    users: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '1' },
    postgres: { type: 'boolean', default: false },
    only: { type: 'string' },
    pool: { type: 'string' }, // the server's DATABASE_POOL_SIZE (default: the product's)
    'reuse-writes': { type: 'string', default: '100000' },
    'activity-cost': { type: 'boolean', default: false },
    'database-url': {
      type: 'string',
      default: 'postgres://mesibo_test:mesibo_test@127.0.0.1:5432/mesibo_test', // scripts/test-postgres.sh's
    },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const userCount = Number(values.users);
const runs = Math.max(1, Number(values.runs));
const reuseWrites = Number(values['reuse-writes']);
const TOKEN = `bench${'0123456789abcdefghijklmnopqrstuvwxyz'.repeat(2)}`.slice(0, 64);
// npm scripts run from the project root.
const root = process.cwd();

type Kind = 'read' | 'write' | 'diagnostic';
// 'diagnostic': shown for understanding (the cost of a read that misses the cache), no target.
type Sample = { rps: number; p50: number; p99: number; errors: number; requests: number };
type Scenario = { name: string; kind: Kind; body: () => string };
/** One scenario over the runs of a phase, and the floor of each of those runs. */
type Measured = { name: string; kind: Kind; samples: Sample[] };
type Phase = { label: string; database: 'SQLite' | 'PostgreSQL'; rows: Measured[]; floors: Sample[] };

async function measure(url: string, makeBody: () => string, amount?: number): Promise<Sample> {
  const result = await autocannon({
    url,
    connections,
    ...(amount ? { amount } : { duration }),
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: makeBody() }) }],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    requests: result.requests.total,
  };
}

async function floorSample(): Promise<Sample> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'scripts/bench-floor.mjs'), String(port)], { stdio: 'pipe' });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  try {
    return await measure(`http://127.0.0.1:${port}/`, () => '{"op":"echo","token":"x"}');
  } finally {
    child.kill();
  }
}

/** Users the prefix scenario finds: the same set on every run, so each run does the same work. */
const PREFIXED = 2000;

/** The scenarios on a server: 100 members and their group, and the prefixed users, made first (again on a reused database). */
async function scenariosOn(url: string): Promise<Scenario[]> {
  const call = async (body: Record<string, unknown>) => {
    const r = await fetch(url, { method: 'POST', body: JSON.stringify({ token: TOKEN, ...body }) });
    return r.json();
  };
  for (let i = 0; i < 100; i++) await call({ op: 'useradd', user: { address: `member-${i}` } });
  for (let i = 0; i < PREFIXED; i += 50)
    await Promise.all(
      Array.from({ length: 50 }, (_, k) => call({ op: 'useradd', user: { address: `pre-${i + k + 1}` } })),
    );
  const group = await call({
    op: 'groupadd',
    group: { name: 'bench', members: { m: Array.from({ length: 100 }, (_, i) => `member-${i}`) } },
  });
  let n = 0;
  const body = (b: Record<string, unknown>) => JSON.stringify({ token: TOKEN, ...b });
  return [
    { name: 'usersget, one page of 20', kind: 'read', body: () => body({ op: 'usersget', count: 20 }) },
    // An ignored field that differs on every request defeats the engine's read cache.
    {
      name: 'usersget, page of 20, never cached',
      kind: 'diagnostic',
      body: () => body({ op: 'usersget', count: 20, user: { nonce: ++n } }),
    },
    // "pre-1*" (1,111 users) to "pre-1999*" (one): from many to a single user, never cached.
    {
      name: 'usersget, prefix pattern',
      kind: 'read',
      body: () => body({ op: 'usersget', count: 20, user: { address: `pre-${(++n % PREFIXED) + 1}*`, nonce: n } }),
    },
    {
      name: 'useradd without token',
      kind: 'write',
      body: () => body({ op: 'useradd', user: { address: `plain-${++n}-${process.pid}`, name: 'Bench' } }),
    },
    {
      name: 'useradd with token',
      kind: 'write',
      body: () => body({ op: 'useradd', user: { address: `tok-${++n}-${process.pid}`, token: { appid: 'web' } } }),
    },
    {
      name: 'message to one user',
      kind: 'write',
      body: () => body({ op: 'message', message: { from: 'member-0', to: 'member-1', message: `m${++n}` } }),
    },
    {
      name: 'message to a 100-member group',
      kind: 'write',
      body: () => body({ op: 'message', message: { from: 'member-0', gid: group.group.gid, message: `g${++n}` } }),
    },
  ];
}

function serverEnv(databaseUrl?: string): Record<string, string> {
  return {
    MESIBO_APP_TOKEN: TOKEN,
    BREACH_MAX_IPS: '5',
    LOG_LEVEL: 'warn',
    ...(databaseUrl && {
      DATABASE_URL: databaseUrl,
      ...(values.pool && { DATABASE_POOL_SIZE: values.pool }),
      NEXTAUTH_SECRET: SESSION_SECRET,
      CONSOLE_SECRET_KEY: SERVER_KEY,
    }),
  };
}
// One key for both PostgreSQL phases: the reused database opens only with the key it was sealed with.
const SESSION_SECRET = randomBytes(32).toString('hex');
const SERVER_KEY = randomBytes(32).toString('hex');

/**
 * `runs` runs of every scenario on one new server process: each run measures the floor, then
 * each scenario, then (`afterRun`) pgbench. Returns the phase and the writes it made.
 */
async function phase(
  label: string,
  database: Phase['database'],
  databaseUrl: string | undefined,
  afterRun?: () => void,
): Promise<Phase & { writes: number }> {
  const server = await startServer(serverEnv(databaseUrl));
  const url = `${server.url}/backend`;
  const result: Phase & { writes: number } = { label, database, rows: [], floors: [], writes: 0 };
  try {
    const scenarios = await scenariosOn(url);
    result.rows = scenarios.map((s) => ({ name: s.name, kind: s.kind, samples: [] }));
    for (let run = 1; run <= runs; run++) {
      const floor = await floorSample();
      result.floors.push(floor);
      const said: string[] = [];
      for (const [i, s] of scenarios.entries()) {
        const sample = await measure(url, s.body);
        result.rows[i].samples.push(sample);
        if (s.kind === 'write') result.writes += sample.requests;
        said.push(String(Math.round(sample.rps)));
      }
      process.stdout.write(`  ${label}, run ${run}: floor ${Math.round(floor.rps)}; ${said.join(', ')} req/s\n`);
      afterRun?.();
    }
  } finally {
    await server.stop();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
  return result;
}

/** Writes through /backend until the database has had `total` (useradd and message, half each). */
async function writeUntil(databaseUrl: string, already: number, total: number): Promise<void> {
  const remaining = total - already;
  if (remaining <= 0) return;
  const server = await startServer(serverEnv(databaseUrl));
  try {
    let n = 0;
    const url = `${server.url}/backend`;
    process.stdout.write(
      `  writing ${remaining.toLocaleString('en-US')} more (${already.toLocaleString('en-US')} so far)\n`,
    );
    await measure(
      url,
      () =>
        JSON.stringify(
          ++n % 2
            ? { op: 'useradd', token: TOKEN, user: { address: `reuse-${n}-${process.pid}` } }
            : { op: 'message', token: TOKEN, message: { from: 'member-0', to: 'member-1', message: `r${n}` } },
        ),
      remaining,
    );
  } finally {
    await server.stop();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
}

/**
 * What PostgreSQL itself serves here (pgbench, same connections and duration): the
 * reference for the PostgreSQL column. pgbench -i makes its tables in the database once, and
 * they are dropped again at the end. The URL goes to pgbench as its database (libpq reads URLs there).
 */
function pgbench(url: string) {
  const run = (extra: string[]) => {
    const r = spawnSync('pgbench', [...extra, url], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`pgbench ${extra.join(' ')}: ${r.stderr || r.error}`);
    return r.stdout;
  };
  const tps = (out: string) => Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? 0);
  const load = ['-c', String(connections), '-j', '2', '-T', String(duration)];
  const selectOnly: number[] = [];
  const tpcb: number[] = [];
  let ready = false;
  let failed = false;
  return {
    selectOnly,
    tpcb,
    /** One select-only and one default run; a failure is said once, and the reference stays empty. */
    measure() {
      if (failed) return;
      try {
        if (!ready) run(['-i', '-q', '-s', '10']);
        ready = true;
        selectOnly.push(tps(run([...load, '-S', '-M', 'prepared'])));
        tpcb.push(tps(run([...load, '-M', 'prepared'])));
      } catch (e) {
        failed = true;
        process.stdout.write(`  pgbench not measured: ${e instanceof Error ? e.message.split('\n')[0] : e}\n`);
      }
    },
    drop() {
      if (ready) run(['-i', '-I', 'd']);
    },
  };
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => {
  const s = sorted(xs);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs: number[]) => {
  const s = sorted(xs);
  return { min: s[0], median: median(s), max: s[s.length - 1], steady: s[0] / s[s.length - 1] };
};
const int = (x: number) => Math.round(x).toLocaleString('en-US');

// SQLite's targets, and PostgreSQL's (a network database: every op is a round trip or more).
const TARGET: Record<Phase['database'], Record<Kind, number>> = {
  SQLite: { read: 0.5, write: 0.3, diagnostic: 0 },
  PostgreSQL: { read: 0.1, write: 0.1, diagnostic: 0.1 },
};
/** The slowest of the runs against the fastest (PostgreSQL's target; SQLite is shown only). */
const STEADY = 0.7;

function report(p: Phase) {
  const floors = spread(p.floors.map((f) => f.rps));
  process.stdout.write(
    `\n${p.label} (${p.floors.length} run${p.floors.length > 1 ? 's' : ''}; floor ${int(floors.min)} / ${int(floors.median)} / ${int(floors.max)} req/s)\n`,
  );
  const head = `${'scenario'.padEnd(34)} ${'req/s min / median / max'.padStart(26)} ${'slow/fast'.padStart(9)} ${'p99 ms med/max'.padStart(15)} ${'ratio min'.padStart(9)}  target`;
  process.stdout.write(`${head}\n`);
  for (const r of p.rows) {
    const rps = spread(r.samples.map((s) => s.rps));
    const p99 = spread(r.samples.map((s) => s.p99));
    // Each run's rate against the floor of the same run.
    const ratio = Math.min(...r.samples.map((s, i) => s.rps / p.floors[i].rps));
    const target = TARGET[p.database][r.kind];
    const verdicts = [
      target ? `>= ${target} ${ratio >= target ? 'met' : 'MISSED'}` : '',
      p.database === 'PostgreSQL' && runs > 1 ? `steady >= ${STEADY} ${rps.steady >= STEADY ? 'met' : 'MISSED'}` : '',
    ].filter(Boolean);
    const errors = r.samples.reduce((n, s) => n + s.errors, 0);
    process.stdout.write(
      `${r.name.padEnd(34)} ${`${int(rps.min)} / ${int(rps.median)} / ${int(rps.max)}`.padStart(26)} ${rps.steady.toFixed(2).padStart(9)} ${`${p99.median.toFixed(1)}/${p99.max.toFixed(1)}`.padStart(15)} ${ratio.toFixed(2).padStart(9)}  ${verdicts.join(', ')}${errors ? ` ${errors} errors` : ''}\n`,
    );
  }
}

/** Realistic addresses: phone numbers and e-mail-like ids in random order relative to creation. */
function address(i: number): string {
  const h = Math.imul(i ^ 0x5bd1e995, 0x9e3779b1) >>> 0;
  return i % 3 === 0
    ? `+1${String(2_000_000_000 + (h % 7_999_999_999)).padStart(10, '0')}`
    : `user${h.toString(36)}${i}@example.com`;
}

async function engineScale() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesibo-bench-'));
  try {
    const { engine, defaultAppId } = await openBackend({
      migrations: CONSOLE_MIGRATIONS,
      secretKey: randomBytes(32).toString('hex'), // a throwaway database: any key will do
      dataDir: dir,
      appToken: TOKEN,
      breachMaxAddresses: 5,
      breachWindowHours: 24,
    });
    const started = performance.now();
    const batch = 100_000;
    for (let i = 0; i < userCount; i += batch) {
      const rows = Array.from({ length: Math.min(batch, userCount - i) }, (_, k) => ({
        address: address(i + k),
        name: `User ${i + k}`,
      }));
      await bulkAddUsers(engine.db, defaultAppId, rows);
      process.stdout.write(`\r  seeded ${Math.min(i + batch, userCount).toLocaleString('en-US')} users`);
    }
    const seedSeconds = (performance.now() - started) / 1000;
    process.stdout.write(`\n`);

    // Prefixes of real addresses, 2 to 12 characters long: from near-everything to a single user.
    const samples: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const a = address(Math.floor(Math.random() * userCount));
      samples.push(`${a.slice(0, 2 + (i % 11))}*`);
    }
    const times: number[] = [];
    for (const pattern of samples) {
      const t0 = performance.now();
      // The nonce (an ignored field) keeps the engine's read cache out of the measurement.
      const r = await engine.callAsApp(defaultAppId, {
        op: 'usersget',
        user: { address: pattern, nonce: times.length },
        count: 20,
      });
      times.push(performance.now() - t0);
      if (!r.body.result) throw new Error(JSON.stringify(r.body));
    }
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
    await engine.db.close();
    return { seedSeconds, p50: q(0.5), p99: q(0.99), max: times[times.length - 1], queries: times.length };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Activity kept (the triggers as migrated) against not kept (dropped), in turns: see --activity-cost. */
async function activityCost() {
  const kept = await throwawaySchema(values['database-url'], 'bench_kept');
  const bare = await throwawaySchema(values['database-url'], 'bench_bare');
  const servers = [await startServer(serverEnv(kept.url)), await startServer(serverEnv(bare.url))];
  try {
    // Migrated by its server's start; then the triggers go, as before migration 30.
    await bare.query('DROP TRIGGER messages_activity ON messages; DROP TRIGGER users_activity ON users');
    const urls = servers.map((s) => `${s.url}/backend`);
    const scenarios = await Promise.all(urls.map(scenariosOn));
    const names = ['useradd without token', 'message to one user'];
    process.stdout.write(`Activity kept against not kept, PostgreSQL (${runs} runs each, in turns)\n`);
    for (const name of names) {
      const rates: [number[], number[]] = [[], []];
      for (let run = 0; run < runs; run++)
        for (const side of run % 2 ? [1, 0] : [0, 1]) {
          const s = scenarios[side].find((x) => x.name === name);
          if (!s) throw new Error(`no scenario ${name}`);
          rates[side].push((await measure(urls[side], s.body)).rps);
        }
      const [withIt, without] = rates.map(median);
      const ratio = withIt / without;
      process.stdout.write(
        `  ${name.padEnd(24)} kept ${int(withIt)} req/s, not kept ${int(without)} req/s (medians): ${ratio.toFixed(3)} (target >= 0.95: ${ratio >= 0.95 ? 'met' : 'MISSED'})\n`,
      );
    }
  } finally {
    for (const s of servers) {
      await s.stop();
      fs.rmSync(s.dataDir, { recursive: true, force: true });
    }
    await kept.drop();
    await bare.drop();
  }
}

async function main() {
  if (!fs.existsSync(path.join(root, 'dist/server.js'))) {
    throw new Error('dist/server.js is missing: run `npm run build` first (the benchmark builds nothing).');
  }
  if (values['activity-cost']) return activityCost();
  process.stdout.write(
    `/backend throughput (${connections} connections, ${duration} s each, ${runs} run${runs > 1 ? 's' : ''}, ${os.cpus().length} cores)\n`,
  );
  const phases: Phase[] = [];
  if (values.only !== 'postgres') phases.push(await phase('SQLite', 'SQLite', undefined));
  let reference: ReturnType<typeof pgbench> | undefined;
  if (values.postgres || values.only === 'postgres') {
    const schema = await throwawaySchema(values['database-url'], 'bench');
    reference = pgbench(values['database-url']);
    const bench = reference;
    try {
      const fresh = await phase('PostgreSQL, fresh database', 'PostgreSQL', schema.url, () => bench.measure());
      phases.push(fresh);
      await writeUntil(schema.url, fresh.writes, reuseWrites);
      phases.push(
        await phase(
          `PostgreSQL, reused after ${int(Math.max(fresh.writes, reuseWrites))} writes (a new server)`,
          'PostgreSQL',
          schema.url,
          () => bench.measure(),
        ),
      );
    } finally {
      bench.drop();
      await schema.drop();
    }
  }
  for (const p of phases) report(p);
  if (reference?.selectOnly.length) {
    const s = spread(reference.selectOnly);
    const t = spread(reference.tpcb);
    process.stdout.write(
      `\nPostgreSQL itself, after each run above (pgbench, ${connections} clients, prepared, ${reference.selectOnly.length} runs): ` +
        `select-only ${int(s.min)} / ${int(s.median)} / ${int(s.max)} tx/s (slow/fast ${s.steady.toFixed(2)}), ` +
        `default (TPC-B-like) ${int(t.min)} / ${int(t.median)} / ${int(t.max)} tx/s (slow/fast ${t.steady.toFixed(2)})\n`,
    );
  }
  if (userCount > 0) {
    process.stdout.write(`\nEngine at scale: ${userCount.toLocaleString('en-US')} users (SQLite, bulk path)\n`);
    const s = await engineScale();
    process.stdout.write(
      `  seeded in ${s.seedSeconds.toFixed(1)} s (${Math.round(userCount / s.seedSeconds).toLocaleString('en-US')} users/s)\n` +
        `  prefix-pattern usersget page (${s.queries} queries): p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, max ${s.max.toFixed(2)} ms (target p99 < 5 ms: ${s.p99 < 5 ? 'met' : 'MISSED'})\n`,
    );
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
