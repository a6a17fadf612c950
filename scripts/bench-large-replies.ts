import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { openBackend } from '@/lib/backend';
import { createBackendHandler } from '@/lib/backend/http';
import { CONSOLE_MIGRATIONS } from '@/lib/console/migrations';
import { createClient } from '@/lib/mesibo/client';

/**
 * `npm run bench:large-replies`: how long `/backend` takes for one app while the console, in
 * the same process, is handed huge replies by another app's remote backend (the second
 * security review: a 300 MB reply stalled `/backend` for up to 7 s). A misbehaving backend
 * (tests/helpers/fake-backend.mjs, in its own process) answers every call with N megabytes;
 * the console's client refuses what is over REMOTE_MAX_RESPONSE_BYTES (5 MiB) and parses
 * what is under it on a worker thread. Meanwhile `/backend` is called one request after
 * another, and its latency percentiles are printed for: nothing else running, 20 MB replies
 * being refused, and 4.9 MB replies being parsed. Target: p99 under 50 ms in each.
 * Options: --seconds <n> per phase (5), --concurrency <n> large replies at once (2).
 */
const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '5' }, concurrency: { type: 'string', default: '2' } },
});
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const TARGET_MS = 50;
const TOKEN = randomBytes(24).toString('hex');

const listen = async (server: http.Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
};

async function freePort() {
  const s = http.createServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function main() {
  process.env.LOG_LEVEL ??= 'error'; // every refusal is logged as a warning: not the subject here
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesibo-bench-replies-'));
  const { engine } = await openBackend({
    migrations: CONSOLE_MIGRATIONS,
    secretKey: randomBytes(32).toString('hex'),
    dataDir: dir,
    appToken: TOKEN,
    bundled: true,
    breachMaxAddresses: 5,
    breachWindowHours: 24,
  });
  const backendPort = await listen(
    http.createServer(createBackendHandler({ engine, trustProxyHops: 0, onError: () => undefined })),
  );
  const fakePort = await freePort();
  const fake: ChildProcess = spawn(
    process.execPath,
    [path.resolve('tests/helpers/fake-backend.mjs'), String(fakePort)],
    {
      stdio: 'pipe',
    },
  );
  await new Promise<void>((resolve) => fake.stdout?.once('data', () => resolve()));
  const mode = (m: string) =>
    fetch(`http://127.0.0.1:${fakePort}/__mode`, { method: 'POST', body: JSON.stringify({ mode: m }) });
  // A client per call, as a page load of a remote app makes one call: the circuit breaker of a
  // shared one would turn all but the first five refusals into instant failures.
  const remote = () =>
    createClient(
      { kind: 'remote', url: `http://127.0.0.1:${fakePort}/backend`, token: TOKEN },
      { timeoutMs: 30_000, maxReplyBytes: 5 * 1024 * 1024 },
    );
  const agent = new http.Agent({ keepAlive: true });
  const stats = JSON.stringify({ op: 'usersget', token: TOKEN, count: 20 });
  const backendCall = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: backendPort, path: '/backend', method: 'POST', agent },
        (res) => res.resume().on('end', resolve),
      );
      req.on('error', reject);
      req.end(stats);
    });

  async function phase(label: string, largeReplies?: string) {
    if (largeReplies) await mode(largeReplies);
    let running = true;
    const outcomes = { refused: 0, parsed: 0 };
    const load = largeReplies
      ? Array.from({ length: CONCURRENCY }, async () => {
          while (running) {
            await remote()('usersget', { count: 25 }, z.object({ users: z.array(z.unknown()) })).then(
              () => outcomes.parsed++,
              () => outcomes.refused++,
            );
          }
        })
      : [];
    const times: number[] = [];
    const until = Date.now() + SECONDS * 1000;
    while (Date.now() < until) {
      const started = performance.now();
      await backendCall();
      times.push(performance.now() - started);
    }
    running = false;
    await Promise.all(load);
    times.sort((a, b) => a - b);
    const p99 = percentile(times, 0.99);
    console.log(
      `| ${label} | ${outcomes.refused} refused, ${outcomes.parsed} parsed | ${times.length} | ${percentile(times, 0.5).toFixed(1)} | ${p99.toFixed(1)} | ${times[times.length - 1].toFixed(1)} | ${p99 < TARGET_MS ? 'met' : 'MISSED'} |`,
    );
    return p99 < TARGET_MS;
  }

  console.log(`/backend (usersget, one request after another) while another app's backend sends huge replies`);
  console.log(
    `${SECONDS} s per phase, ${CONCURRENCY} large replies at once, cap 5 MiB, target p99 < ${TARGET_MS} ms\n`,
  );
  console.log('| phase | large replies | requests | p50 ms | p99 ms | max ms | target |');
  console.log('|---|---|---|---|---|---|---|');
  const results = [
    await phase('quiet'),
    await phase('20 MB replies refused at the cap', 'huge:20'),
    await phase('4.9 MB replies parsed (worker thread)', 'huge:4.9'),
  ];
  fake.kill();
  agent.destroy();
  await engine.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(results.every(Boolean) ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
