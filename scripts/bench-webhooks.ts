import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Directory } from '@/lib/console/directory';
import { secretBox } from '@/lib/console/secret-box';
import { WebhookStore } from '@/lib/console/webhooks';
import { sharedLimiter } from '@/lib/db/shared-limiter';
import { WEBHOOK_PREFIX } from '@/lib/domain/app-paths';
import { createWebhookReceiver } from '@/lib/webhooks/receiver';
import { benchDatabase } from './bench-kit';

/**
 * `npm run bench:webhooks`: the webhook receiver under mesibo's load, over loopback HTTP: a
 * load generator in its own process posts version 1 deliveries of 10 user events each at
 * --rate a second (2000), keep-alive, and times each answer. The first --warmup seconds (3)
 * run at the same rate but are not timed: a process that just started compiles its code and
 * fills its caches first (its first second answered at a quarter of the rate). Then
 * --seconds (10) are timed. Targets: every delivery answered MESIBO OK, p99 under 50 ms, and
 * the directory and presence updated for every event. Also printed, to tell where a slow
 * answer comes from: each process's CPU and how long its event loop was held up. SQLite in a
 * temporary folder, or PostgreSQL with --database-url.
 */
const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    'database-url': { type: 'string' },
  },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const ADDRESSES = 50_000;

// The generator: plain Node, no dependencies; prints what it measured as JSON when done.
const GENERATOR = `
const http = require('node:http');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const [url, secret, rate, warmup, seconds, addresses] = process.argv.slice(1).map((a, i) => (i < 2 ? a : Number(a)));
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const total = rate * (warmup + seconds);
const timedFrom = rate * warmup;
const times = []; let sent = 0, done = 0, bad = 0, cpu0, loop, timedStart;
const started = Date.now();
function one(n) {
  if (n === timedFrom) {
    timedStart = Date.now(); cpu0 = process.cpuUsage();
    loop = monitorEventLoopDelay({ resolution: 5 }); loop.enable();
  }
  const events = Array.from({ length: 10 }, (_, i) => ({ type: 'user', user: { uid: n, address: 'u' + ((n * 10 + i) % addresses) }, status: i % 2 ? 'online' : 'offline', ts: started + n }));
  const body = JSON.stringify({ server: 'mesibo', id: n, v: 1, aid: 1, ts: started + n, secret, events });
  const t0 = process.hrtime.bigint();
  const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
    let text = ''; res.on('data', (c) => (text += c)); res.on('end', () => {
      if (n >= timedFrom) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (res.statusCode !== 200 || text.trim() !== 'MESIBO OK') bad++;
      if (++done === total) finish();
    });
  });
  req.on('error', () => { bad++; if (++done === total) finish(); });
  req.end(body);
}
function finish() {
  const cpu = process.cpuUsage(cpu0);
  const ms = Date.now() - timedStart;
  process.stdout.write(JSON.stringify({ times, bad, ms, cpu: (cpu.user + cpu.system) / 10 / ms, loopP99: loop.percentile(99) / 1e6, loopMax: loop.max / 1e6 }));
  agent.destroy();
}
// Paced: every 10 ms, the deliveries due by then.
const timer = setInterval(() => {
  const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * rate));
  while (sent < due) one(sent++);
  if (sent >= total) clearInterval(timer);
}, 10);
`;

interface Measured {
  times: number[];
  bad: number;
  ms: number;
  cpu: number;
  loopP99: number;
  loopMax: number;
}

async function main() {
  const kit = await benchDatabase('webhooks', values['database-url']);
  const store = new WebhookStore(kit.db, secretBox('bench-server-key-0123456789abcdefghijklmnopqrstuvwxyz'));
  const hook = await store.settings(kit.cloudApp);
  await store.change(kit.cloudApp, { enabled: true });
  const directory = new Directory(kit.db);
  const receiver = createWebhookReceiver({
    store,
    limiter: sharedLimiter(kit.db, { keyPrefix: 'bench-webhook', points: RATE * 2, duration: 1 }),
    learn: async (appId) => (q, addresses) => directory.addUnknown(q, appId, addresses, 'webhook'),
    onError: (err) => console.error(err),
  });
  const server = http.createServer((req, res) => void receiver.handle(req, res));
  server.keepAliveTimeout = 5000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PREFIX}${hook.hookId}`;
  console.log(
    `Webhook receiver on ${kit.where}: ${RATE.toLocaleString('en')} deliveries a second of 10 events each, ${WARMUP} s to warm up, then ${SECONDS} s timed`,
  );
  const args = [url, hook.secret, RATE, WARMUP, SECONDS, ADDRESSES].map(String);
  const child = spawn(process.execPath, ['-e', GENERATOR, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  // The receiver's own CPU and event loop, over the timed part only.
  const stalls = monitorEventLoopDelay({ resolution: 5 });
  let cpu0 = process.cpuUsage();
  const timing = setTimeout(() => {
    stalls.enable();
    cpu0 = process.cpuUsage();
  }, WARMUP * 1000);
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
  });
  await new Promise((r) => child.on('exit', r));
  clearTimeout(timing);
  stalls.disable();
  const cpu = process.cpuUsage(cpu0);
  const { times, bad, ms, ...generator } = JSON.parse(out) as Measured;
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
  const count = async (sql: string) => Number((await kit.db.get<{ n: number }>(sql, [kit.cloudApp]))?.n);
  const rows = await count('SELECT COUNT(*) AS n FROM webhook_deliveries WHERE app_id = ?');
  const seen = await count('SELECT COUNT(*) AS n FROM presence WHERE app_id = ?');
  const learned = await count("SELECT COUNT(*) AS n FROM directory_users WHERE app_id = ? AND source = 'webhook'");
  const n = (x: number) => x.toLocaleString('en');
  console.log(
    `timed: ${n(times.length)} deliveries (${n(times.length * 10)} events) in ${(ms / 1000).toFixed(1)} s = ${n(Math.round((times.length / ms) * 1000))}/s; not MESIBO OK: ${bad}; p50 ${p(0.5)} ms, p99 ${p(0.99)} ms (target 50 ms), max ${times[times.length - 1].toFixed(1)} ms`,
  );
  console.log(
    `the receiver: ${((cpu.user + cpu.system) / 10 / ms).toFixed(0)}% of a core; its event loop held up p99 ${(stalls.percentile(99) / 1e6).toFixed(1)} ms, max ${(stalls.max / 1e6).toFixed(1)} ms`,
  );
  console.log(
    `the load generator: ${generator.cpu.toFixed(0)}% of a core; its event loop held up p99 ${generator.loopP99.toFixed(1)} ms, max ${generator.loopMax.toFixed(1)} ms`,
  );
  console.log(
    `stored ${n(rows)} deliveries (with the warm-up); presence of ${n(seen)} addresses; the directory learned ${n(learned)} (the generator uses ${n(ADDRESSES)} addresses)`,
  );
  server.close();
  await kit.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
