import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBackend } from '@/lib/backend';
import { CONSOLE_MIGRATIONS } from '@/lib/console/migrations';
import { type JobHandler, JobRunner } from '@/lib/jobs/runner';
import { JobStore } from '@/lib/jobs/store';
import { createClient } from '@/lib/mesibo/client';

/**
 * What the import and export benchmarks share: a throwaway database (SQLite in a temporary
 * folder, or PostgreSQL at `databaseUrl`) with the bundled engine, a console app of the cloud
 * kind (its users kept in the directory), a client calling the bundled app in-process, and a
 * job run to its end by a runner of its own.
 */
export async function benchDatabase(name: string, databaseUrl: string | undefined) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mesibo-bench-${name}-`));
  const token = randomBytes(32).toString('hex');
  const { engine, defaultAppId } = await openBackend({
    appToken: token,
    migrations: CONSOLE_MIGRATIONS,
    secretKey: randomBytes(32).toString('hex'), // a throwaway database: any key will do
    dataDir: dir,
    databaseUrl,
    breachMaxAddresses: 5,
    breachWindowHours: 24,
  });
  const db = engine.db;
  const cloudApp = Number(
    (
      await db.write<{ id: number }>(
        `INSERT INTO console_apps (kind, name, api_url, created_ts) VALUES ('remote', 'bench', 'https://api.mesibo.com/backend/', 0) RETURNING id`,
      )
    )[0]?.id,
  );
  const call = createClient(
    { kind: 'in-process', call: async (req) => (await engine.callAsApp(defaultAppId, req)).body },
    { timeoutMs: 30_000, maxReplyBytes: 5 * 1024 * 1024 },
  );
  return {
    engine,
    defaultAppId,
    token,
    db,
    cloudApp,
    call,
    store: new JobStore(db),
    where: databaseUrl ? 'PostgreSQL' : 'SQLite',
    async close() {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs job `id` (queued) with a runner of its own until it ends. */
export async function runJob(store: JobStore, kind: string, handler: JobHandler, id: number) {
  const runner = new JobRunner(store, { handlers: { [kind]: handler }, leaseMs: 30_000, pollMs: 20 });
  runner.start();
  for (;;) {
    const job = await store.get(id);
    if (job && ['done', 'failed', 'paused', 'cancelled'].includes(job.state)) {
      await runner.stop();
      return job;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Times each case `runs` times after one untimed round (the first reads after a load come from
 * disk) and prints its p50 and p99 against `targetMs`. `beforeEach`: what makes each run a first
 * read (clearing a cache).
 */
export async function timeCases(
  cases: readonly [string, () => Promise<unknown>][],
  opts: { runs: number; targetMs: number; beforeEach?: () => void },
) {
  for (const [, run] of cases) await run();
  for (const [name, run] of cases) {
    const times: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      opts.beforeEach?.();
      const t = process.hrtime.bigint();
      await run();
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)];
    console.log(
      `${name.padEnd(52)} p50 ${q(0.5).toFixed(1).padStart(6)} ms  p99 ${q(0.99).toFixed(1).padStart(6)} ms  (target ${opts.targetMs} ms) ${q(0.99) < opts.targetMs ? 'ok' : 'MISSED'}`,
    );
  }
}
