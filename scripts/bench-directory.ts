import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openBackend } from '@/lib/backend';
import { Directory } from '@/lib/console/directory';
import { CONSOLE_MIGRATIONS } from '@/lib/console/migrations';

/**
 * `npm run bench:directory`: the console's own directory of users (apps on a backend that
 * cannot list, such as mesibo's cloud) at 1,000,000 users: server time of a page of the Users
 * list, of searches by prefix and by `*` pattern, of the next page, and of one user's lookup.
 * Target: every one under 50 ms (p95). SQLite in a temporary folder, or PostgreSQL with
 * --database-url. Options: --users <n> (1000000), --runs <n> (40).
 */
const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '40' },
    'database-url': { type: 'string' },
  },
});
const USERS = Number(values.users);
const RUNS = Number(values.runs);
const TARGET_MS = 50;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesibo-bench-directory-'));
  const { engine } = await openBackend({
    migrations: CONSOLE_MIGRATIONS,
    secretKey: randomBytes(32).toString('hex'), // a throwaway database: any key will do
    dataDir: dir,
    databaseUrl: values['database-url'],
    bundled: false,
    breachMaxAddresses: 5,
    breachWindowHours: 24,
  });
  const db = engine.db;
  const appId = await db.tx(async (q) => {
    const r = await q.get<{ id: number }>(
      `INSERT INTO console_apps (kind, name, api_url, created_ts) VALUES ('remote', 'bench', 'https://api.mesibo.com/backend/', 0)
       RETURNING id`,
    );
    return Number(r?.id);
  });

  // Addresses in a scattered order (i * 7919 mod n), as users arrive in no order of their names;
  // one in a hundred at example.org, for a pattern that matches few.
  const address = (i: number) => `user${String(i).padStart(7, '0')}@example.${i % 100 === 0 ? 'org' : 'com'}`;
  const started = Date.now();
  const CHUNK = 1000;
  for (let from = 0; from < USERS; from += CHUNK) {
    const n = Math.min(CHUNK, USERS - from);
    const rows = Array.from({ length: n }, (_, k) => address(((from + k) * 7919) % USERS));
    await db.tx((q) =>
      q.run(
        `INSERT INTO directory_users (app_id, address, name, tokens, source, created_ts, changed_ts) VALUES ${rows
          .map(() => "(?, ?, '', '[]', 'console', 0, 0)")
          .join(', ')}`,
        rows.flatMap((a) => [appId, a]),
      ),
    );
    if (from % 100_000 === 0) process.stdout.write(`\rseeding ${(from / 1000).toFixed(0)}k users…`);
  }
  process.stdout.write(
    `\rseeded ${USERS.toLocaleString('en-US')} directory users in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );

  const directory = new Directory(db);
  const firstMany = await directory.listUsers(appId, 'user0*', undefined, 25);
  const cases: [string, () => Promise<unknown>][] = [
    ['first page, no search', () => directory.listUsers(appId, '', undefined, 25)],
    ['prefix, many matches (user0*)', () => directory.listUsers(appId, 'user0*', undefined, 25)],
    ['prefix, few matches (user09999*)', () => directory.listUsers(appId, 'user09999*', undefined, 25)],
    ['next page of user0*', () => directory.listUsers(appId, 'user0*', firstMany.next, 25)],
    ['pattern, 1 in 100 (*@example.org)', () => directory.listUsers(appId, '*@example.org', undefined, 25)],
    ['one user by address', () => directory.getUser(appId, address(123_457 % USERS))],
  ];
  const ms = (t: bigint) => Number(t) / 1e6;
  let worst = 0;
  console.log(`\n${'case'.padEnd(38)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`);
  for (const [name, run] of cases) {
    await run(); // warm
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = process.hrtime.bigint();
      await run();
      times.push(ms(process.hrtime.bigint() - t));
    }
    times.sort((a, b) => a - b);
    const p50 = times[Math.floor(RUNS * 0.5)];
    const p95 = times[Math.min(RUNS - 1, Math.floor(RUNS * 0.95))];
    worst = Math.max(worst, p95);
    console.log(`${name.padEnd(38)} ${p50.toFixed(2).padStart(8)} ${p95.toFixed(2).padStart(8)}`);
  }
  console.log(
    `\n${worst < TARGET_MS ? 'within' : 'OVER'} target: the slowest p95 is ${worst.toFixed(1)} ms (target < ${TARGET_MS} ms at ${USERS.toLocaleString('en-US')} users)`,
  );
  await db.close?.();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(worst < TARGET_MS ? 0 : 1);
}

void main();
