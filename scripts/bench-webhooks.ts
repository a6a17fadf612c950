import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
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
 * --rate a second (2000) for --seconds (10), keep-alive, and times each answer. Targets: every
 * delivery answered MESIBO OK, p99 under 50 ms, and the directory and presence updated for
 * every event. SQLite in a temporary folder, or PostgreSQL with --database-url.
 */
const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '10' },
    'database-url': { type: 'string' },
  },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);

// The generator: plain Node, no dependencies; prints its latencies (ms) as JSON when done.
const GENERATOR = `
const http = require('node:http');
const [url, secret, rate, seconds] = process.argv.slice(1);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const total = Number(rate) * Number(seconds);
const times = []; let sent = 0, done = 0, bad = 0;
const started = Date.now();
function one(n) {
  const events = Array.from({ length: 10 }, (_, i) => ({ type: 'user', user: { uid: n, address: 'u' + ((n * 10 + i) % 50000) }, status: i % 2 ? 'online' : 'offline', ts: started + n }));
  const body = JSON.stringify({ server: 'mesibo', id: n, v: 1, aid: 1, ts: started + n, secret, events });
  const t0 = process.hrtime.bigint();
  const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
    let text = ''; res.on('data', (c) => (text += c)); res.on('end', () => {
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (res.statusCode !== 200 || text.trim() !== 'MESIBO OK') bad++;
      if (++done === total) { process.stdout.write(JSON.stringify({ times, bad, ms: Date.now() - started })); agent.destroy(); }
    });
  });
  req.on('error', () => { bad++; if (++done === total) process.stdout.write(JSON.stringify({ times, bad, ms: Date.now() - started })); });
  req.end(body);
}
// Paced: every 10 ms, the deliveries due by then.
const timer = setInterval(() => {
  const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * Number(rate)));
  while (sent < due) one(sent++);
  if (sent >= total) clearInterval(timer);
}, 10);
`;

async function main() {
  const kit = await benchDatabase('webhooks', values['database-url']);
  const box = secretBox('bench-server-key-0123456789abcdefghijklmnopqrstuvwxyz');
  const store = new WebhookStore(kit.db, box);
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
    `Webhook receiver on ${kit.where}: ${RATE.toLocaleString('en')} deliveries a second of 10 events each, for ${SECONDS} s`,
  );
  const child = spawn(process.execPath, ['-e', GENERATOR, url, hook.secret, String(RATE), String(SECONDS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
  });
  await new Promise((r) => child.on('exit', r));
  const { times, bad, ms } = JSON.parse(out) as { times: number[]; bad: number; ms: number };
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
  const rows = await kit.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM webhook_deliveries WHERE app_id = ?', [
    kit.cloudApp,
  ]);
  const seen = await kit.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM presence WHERE app_id = ?', [kit.cloudApp]);
  const learned = await kit.db.get<{ n: number }>(
    "SELECT COUNT(*) AS n FROM directory_users WHERE app_id = ? AND source = 'webhook'",
    [kit.cloudApp],
  );
  console.log(
    `${times.length.toLocaleString('en')} deliveries (${(times.length * 10).toLocaleString('en')} events) in ${(ms / 1000).toFixed(1)} s = ${Math.round((times.length / ms) * 1000).toLocaleString('en')}/s; not MESIBO OK: ${bad}; p50 ${p(0.5)} ms, p99 ${p(0.99)} ms (target 50 ms), max ${times[times.length - 1].toFixed(1)} ms`,
  );
  console.log(
    `stored ${Number(rows?.n).toLocaleString('en')} deliveries; presence of ${Number(seen?.n).toLocaleString('en')} addresses; the directory learned ${Number(learned?.n).toLocaleString('en')} (the generator uses 50,000 addresses)`,
  );
  server.close();
  await kit.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
