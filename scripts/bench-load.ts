import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openBackend } from '@/lib/backend';
import { bulkAddUsers } from '@/lib/backend/seed-loader';
import { CONSOLE_MIGRATIONS } from '@/lib/console/migrations';
import { startServer } from '../tests/helpers/server';

/**
 * `npm run bench:load` (build first): N signed-in operators browse and change things in the
 * console for D seconds against the bundled backend holding U users, while app servers
 * hammer /backend at the same time. Prints p50/p99 of page loads and server actions, every
 * error, /backend throughput and the server's memory over the run.
 * Options: --operators 50 --duration 60 --users 1000000 --backend-connections 16
 */
const { values } = parseArgs({
  options: {
    operators: { type: 'string', default: '50' },
    duration: { type: 'string', default: '60' },
    users: { type: 'string', default: '1000000' },
    'backend-connections': { type: 'string', default: '16' },
  },
});
const OPERATORS = Number(values.operators);
const DURATION_S = Number(values.duration);
const USERS = Number(values.users);
const TOKEN = 'loadbench0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefgh';
const ADMIN = { email: 'load@example.com', password: 'load-bench-password-1' };
const root = process.cwd();

function actionIds() {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, '.next/server/server-reference-manifest.json'), 'utf8'));
  const byName: Record<string, string> = {};
  for (const [id, e] of Object.entries<{ exportedName?: string }>(manifest.node))
    if (e.exportedName) byName[e.exportedName] = id;
  return byName;
}

/** Signs in through next-auth's credentials endpoint and returns the session cookie. */
async function signIn(base: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = (csrf.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).join('; ');
  const r = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email: ADMIN.email, password: ADMIN.password, json: 'true' }),
  });
  const session = (r.headers.getSetCookie() ?? []).find((c) => c.startsWith('next-auth.session-token='));
  if (!session) throw new Error(`sign-in failed (${r.status})`);
  return session.split(';')[0];
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : Number.NaN;
};
const rss = (pid: number) => {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
};

async function main() {
  if (!fs.existsSync(path.join(root, 'dist/server.js'))) throw new Error('Run `npm run build` first.');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesibo-load-'));
  process.stdout.write(`Seeding ${USERS.toLocaleString('en-US')} users…\n`);
  // Seeding only (no one-time passwords): the server started below keeps its own key in dataDir.
  const seeded = await openBackend({
    migrations: CONSOLE_MIGRATIONS,
    dataDir,
    appToken: TOKEN,
    secretKey: randomBytes(32).toString('hex'),
    breachMaxAddresses: 5,
    breachWindowHours: 24,
  });
  for (let i = 0; i < USERS; i += 100_000) {
    const n = Math.min(100_000, USERS - i);
    await bulkAddUsers(
      seeded.engine.db,
      seeded.defaultAppId,
      Array.from({ length: n }, (_, k) => ({
        address: `user${String(i + k).padStart(7, '0')}@example.com`,
        name: `User ${i + k}`,
      })),
    );
  }
  await seeded.engine.db.close();

  const server = await startServer({
    DATA_DIR: dataDir,
    MESIBO_APP_TOKEN: TOKEN,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
    BREACH_MAX_IPS: '1000',
  });
  const base = server.url;
  const ids = actionIds();
  const cookies = await Promise.all(Array.from({ length: OPERATORS }, () => signIn(base)));
  const pageTimes: number[] = [];
  const actionTimes: number[] = [];
  const errors: string[] = [];
  const memory: number[] = [];
  const memTimer = setInterval(() => memory.push(rss(server.pid)), 2000);
  const deadline = Date.now() + DURATION_S * 1000;

  const timed = async (kind: 'page' | 'action', label: string, run: () => Promise<Response>) => {
    const t = performance.now();
    try {
      const r = await run();
      const body = await r.text();
      (kind === 'page' ? pageTimes : actionTimes).push(performance.now() - t);
      if (r.status >= 400 || (kind === 'action' && !body.includes('"ok":true')))
        errors.push(`${label}: HTTP ${r.status}`);
    } catch (e) {
      errors.push(`${label}: ${(e as Error).message}`);
    }
  };
  const operator = async (cookie: string, n: number) => {
    let i = 0;
    while (Date.now() < deadline) {
      const u = `user${String(Math.floor(Math.random() * USERS)).padStart(7, '0')}@example.com`;
      const prefix = u.slice(0, 6 + (i % 5));
      // The default app's pages (app 1), as the console links them.
      await timed('page', 'GET /apps/1/users?q=', () =>
        fetch(`${base}/apps/1/users?q=${encodeURIComponent(prefix)}`, { headers: { Cookie: cookie } }),
      );
      await timed('page', 'GET /api/apps/1/users', () =>
        fetch(`${base}/api/apps/1/users?q=${encodeURIComponent(prefix)}`, { headers: { Cookie: cookie } }),
      );
      await timed('page', 'GET /apps/1/users/<address>', () =>
        fetch(`${base}/apps/1/users/${encodeURIComponent(u)}`, { headers: { Cookie: cookie } }),
      );
      const call = (name: string, args: object) =>
        fetch(`${base}/apps/1/users`, {
          method: 'POST',
          headers: {
            Cookie: cookie,
            'Next-Action': ids[name],
            'Content-Type': 'text/plain;charset=UTF-8',
            Origin: base,
            Accept: 'text/x-component',
          },
          body: JSON.stringify([{ app: 1, ...args }]),
        });
      await timed('action', 'generateTokenAction', () =>
        call('generateTokenAction', { address: u, appid: `load${n}`, expiryMinutes: 60 }),
      );
      await timed('action', 'saveUserAction', () => call('saveUserAction', { address: u, active: i % 2 === 0 }));
      i++;
    }
  };
  process.stdout.write(`${OPERATORS} operators for ${DURATION_S} s, with app servers on /backend…\n`);
  let seq = 0;
  const hammer = autocannon({
    url: `${base}/backend`,
    connections: Number(values['backend-connections']),
    duration: DURATION_S,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify(
            ++seq % 2
              ? {
                  op: 'usersget',
                  token: TOKEN,
                  user: { address: `user${String(seq % 1000).padStart(3, '0')}*` },
                  count: 20,
                }
              : { op: 'useradd', token: TOKEN, user: { address: `app-${seq}`, token: { appid: 'web' } } },
          ),
        }),
      },
    ],
  });
  const [backendResult] = await Promise.all([hammer, ...cookies.map((c, n) => operator(c, n))]);
  clearInterval(memTimer);
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const fmt = (xs: number[]) =>
    `${xs.length} requests, p50 ${quantile(xs, 0.5).toFixed(0)} ms, p99 ${quantile(xs, 0.99).toFixed(0)} ms`;
  process.stdout.write(`\nconsole pages:   ${fmt(pageTimes)}\n`);
  process.stdout.write(`server actions:  ${fmt(actionTimes)}\n`);
  process.stdout.write(
    `/backend:        ${Math.round(backendResult.requests.average)} req/s, p99 ${backendResult.latency.p99} ms, errors ${backendResult.errors + backendResult.non2xx + backendResult.timeouts}\n`,
  );
  if (memory.length) {
    process.stdout.write(
      `server memory:   start ${memory[0].toFixed(0)} MiB, max ${Math.max(...memory).toFixed(0)} MiB, end ${memory[memory.length - 1].toFixed(0)} MiB\n`,
    );
    // The trend tells growth that levels off (heaps and caches filling) from a leak.
    const step = Math.max(1, Math.floor(memory.length / 6));
    const trend = memory
      .filter((_, i) => i % step === 0 || i === memory.length - 1)
      .map((m) => m.toFixed(0))
      .join(' → ');
    const half = memory.slice(Math.floor(memory.length / 2));
    process.stdout.write(
      `                 every ${step * 2} s: ${trend} MiB; second half of the run: +${(half[half.length - 1] - half[0]).toFixed(0)} MiB\n`,
    );
  }
  process.stdout.write(
    `console errors:  ${errors.length}${errors.length ? ` (first: ${errors.slice(0, 5).join('; ')})` : ''}\n`,
  );
  if (errors.length) process.exitCode = 1;
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
