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
 * --postgres: also runs every scenario with the server on PostgreSQL (--database-url, default
 * the test cluster's mesibo_test database; a throwaway schema in it; --pool <n>: the server's
 * DATABASE_POOL_SIZE), prints both side by side, and pgbench's select-only and default
 * transactions as the reference of what PostgreSQL itself serves on this machine.
 */
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '32' },
    users: { type: 'string', default: '1000000' },
    postgres: { type: 'boolean', default: false },
    pool: { type: 'string' }, // the server's DATABASE_POOL_SIZE (default: the product's)
    'database-url': {
      type: 'string',
      default: 'postgres://mesibo_test:mesibo_test@127.0.0.1:5432/mesibo_test', // scripts/test-postgres.sh's
    },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const userCount = Number(values.users);
const TOKEN = `bench${'0123456789abcdefghijklmnopqrstuvwxyz'.repeat(2)}`.slice(0, 64);
// npm scripts run from the project root.
const root = process.cwd();

type Row = {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  kind: 'floor' | 'read' | 'write' | 'diagnostic';
};
// 'diagnostic': shown for understanding (the cost of a read that misses the cache), no target.

async function measure(name: string, kind: Row['kind'], url: string, makeBody: () => string): Promise<Row> {
  const result = await autocannon({
    url,
    connections,
    duration,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: makeBody() }) }],
  });
  const row: Row = {
    name,
    kind,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  };
  process.stdout.write(`  ${name}: ${Math.round(row.rps)} req/s\n`);
  return row;
}

async function startFloor(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'scripts/bench-floor.mjs'), String(port)], { stdio: 'pipe' });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

async function floorScenario(): Promise<Row> {
  const floor = await startFloor();
  try {
    return await measure('floor: bare node:http JSON echo', 'floor', floor.url, () => '{"op":"echo","token":"x"}');
  } finally {
    floor.stop();
  }
}

async function httpScenarios(database: 'SQLite' | 'PostgreSQL'): Promise<Row[]> {
  const rows: Row[] = [];
  process.stdout.write(`${database}\n`);
  const schema = database === 'PostgreSQL' ? await throwawaySchema(values['database-url'], 'bench') : undefined;
  const server = await startServer({
    MESIBO_APP_TOKEN: TOKEN,
    BREACH_MAX_IPS: '5',
    LOG_LEVEL: 'warn',
    ...(schema && {
      DATABASE_URL: schema.url,
      ...(values.pool && { DATABASE_POOL_SIZE: values.pool }),
      NEXTAUTH_SECRET: randomBytes(32).toString('hex'),
      CONSOLE_SECRET_KEY: randomBytes(32).toString('hex'),
    }),
  });
  const url = `${server.url}/backend`;
  try {
    const call = async (body: Record<string, unknown>) => {
      const r = await fetch(url, { method: 'POST', body: JSON.stringify({ token: TOKEN, ...body }) });
      return r.json();
    };
    for (let i = 0; i < 100; i++) await call({ op: 'useradd', user: { address: `member-${i}` } });
    const group = await call({
      op: 'groupadd',
      group: { name: 'bench', members: { m: Array.from({ length: 100 }, (_, i) => `member-${i}`) } },
    });
    let n = 0;
    rows.push(
      await measure('usersget, one page of 20', 'read', url, () =>
        JSON.stringify({ op: 'usersget', token: TOKEN, count: 20 }),
      ),
    );
    // An ignored field that differs on every request defeats the engine's read cache.
    rows.push(
      await measure('usersget, page of 20, never cached', 'diagnostic', url, () =>
        JSON.stringify({ op: 'usersget', token: TOKEN, count: 20, user: { nonce: ++n } }),
      ),
    );
    rows.push(
      await measure('useradd without token', 'write', url, () =>
        JSON.stringify({ op: 'useradd', token: TOKEN, user: { address: `plain-${++n}`, name: 'Bench' } }),
      ),
    );
    rows.push(
      await measure('useradd with token', 'write', url, () =>
        JSON.stringify({ op: 'useradd', token: TOKEN, user: { address: `tok-${++n}`, token: { appid: 'web' } } }),
      ),
    );
    rows.push(
      await measure('message to one user', 'write', url, () =>
        JSON.stringify({
          op: 'message',
          token: TOKEN,
          message: { from: 'member-0', to: 'member-1', message: `m${++n}` },
        }),
      ),
    );
    rows.push(
      await measure('message to a 100-member group', 'write', url, () =>
        JSON.stringify({
          op: 'message',
          token: TOKEN,
          message: { from: 'member-0', gid: group.group.gid, message: `g${++n}` },
        }),
      ),
    );
  } finally {
    await server.stop();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
    await schema?.drop();
  }
  return rows;
}

/**
 * What PostgreSQL itself serves here (pgbench, same connections and duration): the
 * reference for the PostgreSQL column. pgbench -i makes its tables in the database, and
 * they are dropped again. The URL goes to pgbench as its database (libpq reads URLs there).
 */
function pgbenchReference(url: string): { selectOnly: number; tpcb: number } | undefined {
  const run = (extra: string[]) => {
    const r = spawnSync('pgbench', [...extra, url], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`pgbench ${extra.join(' ')}: ${r.stderr || r.error}`);
    return r.stdout;
  };
  const tps = (out: string) => Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? 0);
  try {
    run(['-i', '-q', '-s', '10']);
    const load = ['-c', String(connections), '-j', '2', '-T', String(duration)];
    const selectOnly = tps(run([...load, '-S', '-M', 'prepared']));
    const tpcb = tps(run([...load, '-M', 'prepared']));
    run(['-i', '-I', 'd']); // drops pgbench's tables again
    return { selectOnly, tpcb };
  } catch (e) {
    process.stdout.write(`  pgbench reference not measured: ${e instanceof Error ? e.message.split('\n')[0] : e}\n`);
    return undefined;
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

async function main() {
  if (!fs.existsSync(path.join(root, 'dist/server.js'))) {
    throw new Error('dist/server.js is missing: run `npm run build` first (the benchmark builds nothing).');
  }
  process.stdout.write(
    `/backend throughput (${connections} connections, ${duration} s each, ${os.cpus().length} cores)\n`,
  );
  const floor = await floorScenario();
  const sqlite = await httpScenarios('SQLite');
  const postgres = values.postgres ? await httpScenarios('PostgreSQL') : undefined;
  const reference = values.postgres ? pgbenchReference(values['database-url']) : undefined;
  // SQLite's targets, and PostgreSQL's (a network database: every op is a round trip or more).
  const target = { floor: 1, read: 0.5, write: 0.3, diagnostic: 0 };
  const pgTarget = { floor: 1, read: 0.1, write: 0.08, diagnostic: 0 };
  // One cell per database: req/s, p99, ratio of the floor, and the target with its verdict.
  const cell = (r: Row, t: number) => {
    const ratio = r.rps / floor.rps;
    const graded = r.kind === 'read' || r.kind === 'write';
    const verdict = graded ? `>= ${t} ${ratio >= t ? 'met' : 'MISSED'}` : '';
    const errors = r.errors ? ` ${r.errors} errors` : '';
    return `${Math.round(r.rps).toString().padStart(7)} ${r.p99.toFixed(1).padStart(6)} ${ratio.toFixed(2).padStart(5)}  ${verdict.padEnd(14)}${errors}`;
  };
  const head = `${'req/s'.padStart(7)} ${'p99 ms'.padStart(6)} ${'ratio'.padStart(5)}  ${'target'.padEnd(14)}`;
  const row = (name: string, a: string, b?: string) =>
    process.stdout.write(`${name.padEnd(36)} ${b === undefined ? a : `${a.padEnd(head.length)} | ${b}`}\n`);
  process.stdout.write(`\n${''.padEnd(36)} ${postgres ? `${'SQLite'.padEnd(head.length)} | PostgreSQL` : 'SQLite'}\n`);
  row('scenario', head, postgres ? head : undefined);
  row(floor.name, cell(floor, 1), postgres ? '' : undefined);
  sqlite.forEach((r, i) => {
    const pgRow = postgres?.[i];
    row(r.name, cell(r, target[r.kind]), pgRow ? cell(pgRow, pgTarget[pgRow.kind]) : undefined);
  });
  if (reference) {
    process.stdout.write(
      `\nPostgreSQL itself (pgbench, ${connections} clients, prepared): select-only ${Math.round(reference.selectOnly)} tx/s, ` +
        `default (TPC-B-like) ${Math.round(reference.tpcb)} tx/s\n`,
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
