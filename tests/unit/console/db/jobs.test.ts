import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobEnd, type JobHandler, JobRunner, type JobWork } from '@/lib/jobs/runner';
import { JobStore, LeaseLost, type StagedRow } from '@/lib/jobs/store';
import { runIfDue } from '@/lib/jobs/tasks';
import { remoteConsoleApp, type TestEngine, testEngine } from '../../../helpers/engine';

/**
 * Jobs in the database (SQLite, or PostgreSQL with TEST_DATABASE_URL): a lease that one instance
 * holds and another takes over when it expires, outcomes written only under the lease (so a row
 * is never settled twice), rows sent without an answer turned unconfirmed after a crash, a pause
 * after 20 failures in a row, cancel and resume, one running job per app and kind, recurring
 * tasks on one instance at a time.
 */
let t: TestEngine;
let store: JobStore;
let appId: number;
let otherApp: number;

beforeAll(async () => {
  t = await testEngine();
  appId = await remoteConsoleApp(t.db, 'jobs-a');
  otherApp = await remoteConsoleApp(t.db, 'jobs-b');
  store = new JobStore(t.db);
});
afterAll(async () => t.close());

const rows = (count: number): StagedRow[] =>
  Array.from({ length: count }, (_, i) => ({ n: i + 1, line: i + 2, key: `u${i + 1}@example.org`, data: {} }));

async function queued(count: number, app = appId, kind = 'test.kind') {
  const id = await store.create({ kind, appId: app, operator: { id: 1, email: 'op@example.com' }, title: 'x.csv' });
  await store.stage(id, rows(count));
  expect(await store.queue(id, {}, count)).toBe(true);
  return id;
}

/** A handler that settles every row ok, a few at a time, stopping when asked. */
const settleAll = (per = 3, seen: number[] = []): JobHandler => ({
  async run(work: JobWork): Promise<JobEnd> {
    let after = 0;
    for (;;) {
      if (work.stopping()) return work.stopped();
      const batch = await work.pending(after, per);
      if (batch.length === 0) return { state: 'done' };
      seen.push(...batch.map((r) => r.n));
      await work.settle(batch.map((r) => ({ n: r.n, outcome: 'ok' as const })));
      after = batch.at(-1)?.n ?? after;
    }
  },
});

async function until(check: () => Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('timed out');
}

describe('jobs', () => {
  it('a runner claims a queued job, settles every row once, and ends it done with exact counts', async () => {
    const id = await queued(10);
    const seen: number[] = [];
    const ended: number[] = [];
    const runner = new JobRunner(store, {
      handlers: { 'test.kind': settleAll(3, seen) },
      leaseMs: 2000,
      pollMs: 50,
      onEnd: async (job) => void ended.push(job.id),
    });
    runner.start();
    await until(async () => (await store.get(id))?.state === 'done');
    await runner.stop();
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await store.get(id)).toMatchObject({ total: 10, done: 10, ok: 10, failed: 0, leaseOwner: '' });
    expect(ended).toEqual([id]);
    expect((await store.results(id, 0, 100)).every((r) => r.outcome === 'ok')).toBe(true);
  });

  it("lists a job's rows that did not go as the file asked: failed, unconfirmed, invalid; in file order, a page at a time", async () => {
    const id = await store.create({
      kind: 'test.kind',
      appId,
      operator: { id: 1, email: 'op@example.com' },
      title: 'p.csv',
    });
    await store.stage(
      id,
      rows(8).map((r) => (r.n === 4 ? { ...r, problem: 'address: empty' } : r)),
    );
    expect(await store.queue(id, {}, 8)).toBe(true);
    const outcomes = {
      1: 'ok',
      2: 'failed',
      3: 'skipped',
      4: 'skipped',
      5: 'unconfirmed',
      6: 'ok',
      7: 'failed',
    } as const;
    const job = await store.claim('me', 10_000, ['test.kind']);
    expect(job?.id).toBe(id);
    await store.settle(
      id,
      'me',
      Object.entries(outcomes).map(([n, outcome]) => ({ n: Number(n), outcome })),
    );
    const problems = async (after: number, limit: number) =>
      (await store.results(id, after, limit, true)).map((r) => r.n);
    expect(await problems(0, 10)).toEqual([2, 4, 5, 7]); // 3: skipped as already in the file; 8: not run yet
    expect(await problems(0, 2)).toEqual([2, 4]);
    expect(await problems(4, 2)).toEqual([5, 7]);
    expect((await store.results(id, 0, 10)).map((r) => r.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await store.finish(id, 'me', 'done');
  });

  it('only the lease holder may settle; an expired lease is taken over and the job resumes at its first unsettled row', async () => {
    const id = await queued(6);
    const first = await store.claim('instance-a', 100, ['test.kind']);
    expect(first?.id).toBe(id);
    await store.settle(id, 'instance-a', [
      { n: 1, outcome: 'ok' },
      { n: 2, outcome: 'ok' },
    ]);
    await store.markSent(id, 'instance-a', [3]); // sent, then the instance died
    // Another instance cannot settle under a lease it does not hold.
    await expect(store.settle(id, 'instance-b', [{ n: 4, outcome: 'ok' }])).rejects.toBeInstanceOf(LeaseLost);
    expect(await store.claim('instance-b', 2000, ['test.kind'])).toBeUndefined(); // lease still valid
    await new Promise((r) => setTimeout(r, 150));
    const seen: number[] = [];
    const runner = new JobRunner(store, { handlers: { 'test.kind': settleAll(2, seen) }, leaseMs: 2000, pollMs: 50 });
    runner.start();
    await until(async () => (await store.get(id))?.state === 'done');
    await runner.stop();
    expect(seen).toEqual([4, 5, 6]); // never 1-2 (settled) nor 3 (sent without an answer)
    const results = await store.results(id, 0, 10);
    expect(results.map((r) => r.outcome)).toEqual(['ok', 'ok', 'unconfirmed', 'ok', 'ok', 'ok']);
    expect(results[2].message).toMatch(/answer was lost/);
    expect(await store.get(id)).toMatchObject({ done: 6, ok: 5, unconfirmed: 1 });
    // The old holder, back from a pause, can no longer write.
    await expect(store.settle(id, 'instance-a', [{ n: 6, outcome: 'failed' }])).rejects.toBeInstanceOf(LeaseLost);
  });

  it('a row is settled once: settling it again rolls the whole batch back', async () => {
    const id = await queued(3);
    await store.claim('solo', 5000, ['test.kind']);
    await store.settle(id, 'solo', [{ n: 1, outcome: 'ok' }]);
    await expect(
      store.settle(id, 'solo', [
        { n: 2, outcome: 'ok' },
        { n: 1, outcome: 'failed' },
      ]),
    ).rejects.toThrow(/settled twice/);
    expect(await store.get(id)).toMatchObject({ done: 1, ok: 1, failed: 0 });
    expect((await store.results(id, 0, 10)).map((r) => r.outcome)).toEqual(['ok', '', '']);
    await store.finish(id, 'solo', 'cancelled');
  });

  it('pauses after 20 failures in a row, with the reason; Resume queues it again and it finishes', async () => {
    const id = await queued(30);
    let down = true;
    const handler: JobHandler = {
      async run(work) {
        let after = 0;
        for (;;) {
          if (work.stopping()) return work.stopped();
          const batch = await work.pending(after, 1);
          if (batch.length === 0) return { state: 'done' };
          const end = await work.settle(
            batch.map((r) =>
              down
                ? { n: r.n, outcome: 'failed' as const, message: 'could not reach the backend' }
                : { n: r.n, outcome: 'ok' as const },
            ),
          );
          if (end) return end;
          after = batch[0].n;
        }
      },
    };
    const runner = new JobRunner(store, { handlers: { 'test.kind': handler }, leaseMs: 2000, pollMs: 50 });
    runner.start();
    await until(async () => (await store.get(id))?.state === 'paused');
    const paused = await store.get(id);
    expect(paused).toMatchObject({ done: 20, failed: 20, streak: 20 });
    expect(paused?.message).toMatch(/20 failures in a row.*could not reach the backend/);
    await new Promise((r) => setTimeout(r, 200));
    expect((await store.get(id))?.done).toBe(20); // it does not spin
    down = false;
    expect(await store.resume(id)).toBe(true);
    await until(async () => (await store.get(id))?.state === 'done');
    await runner.stop();
    expect(await store.get(id)).toMatchObject({ done: 30, failed: 20, ok: 10, streak: 0 });
  });

  it('cancel ends a queued job at once, and stops a running one after the rows in flight', async () => {
    const waiting = await queued(3, otherApp, 'test.other');
    expect(await store.cancel(waiting)).toBe(true);
    expect((await store.get(waiting))?.state).toBe('cancelled');
    const id = await queued(1000);
    const slow: JobHandler = {
      async run(work) {
        let after = 0;
        for (;;) {
          if (work.stopping()) return work.stopped();
          const batch = await work.pending(after, 5);
          if (batch.length === 0) return { state: 'done' };
          await new Promise((r) => setTimeout(r, 20));
          await work.settle(batch.map((r) => ({ n: r.n, outcome: 'ok' as const })));
          after = batch.at(-1)?.n ?? after;
        }
      },
    };
    const runner = new JobRunner(store, { handlers: { 'test.kind': slow }, leaseMs: 300, pollMs: 50 });
    runner.start();
    await until(async () => ((await store.get(id))?.done ?? 0) >= 10);
    expect(await store.cancel(id)).toBe(true);
    await until(async () => (await store.get(id))?.state === 'cancelled');
    await runner.stop();
    const job = await store.get(id);
    expect(job?.done).toBeLessThan(1000);
    expect(job?.done).toBe(job?.ok);
    expect((await store.results(id, 0, 1000)).filter((r) => r.outcome === 'ok')).toHaveLength(job?.done ?? -1);
    expect(await store.cancel(id)).toBe(false); // ended already
    // Resume goes on with the rows not yet run; what was done stays as it ended.
    const doneAtCancel = job?.done ?? 0;
    expect(await store.resume(id)).toBe(true);
    const again = new JobRunner(store, { handlers: { 'test.kind': settleAll(50) }, leaseMs: 2000, pollMs: 50 });
    again.start();
    await until(async () => (await store.get(id))?.state === 'done');
    await again.stop();
    expect(await store.get(id)).toMatchObject({ done: 1000, ok: 1000, cancelRequested: false });
    expect(doneAtCancel).toBeLessThan(1000);
    expect(await store.resume(id)).toBe(false); // nothing left
  });

  it('at most one running job per app and kind: the second waits queued', async () => {
    const a = await queued(2);
    const b = await queued(2);
    const first = await store.claim('x', 5000, ['test.kind']);
    expect(first?.id).toBe(a);
    expect(await store.claim('y', 5000, ['test.kind'])).toBeUndefined();
    expect((await store.get(b))?.state).toBe('queued');
    await store.finish(a, 'x', 'done');
    expect((await store.claim('y', 5000, ['test.kind']))?.id).toBe(b);
    await store.finish(b, 'y', 'done');
  });

  it('a recurring task runs on one instance at a time, once per period', async () => {
    let runs = 0;
    const task = {
      name: `retention-${Date.now()}`,
      everyMs: 60_000,
      run: async () => {
        runs++;
        await new Promise((r) => setTimeout(r, 50));
      },
    };
    const ran = await Promise.all([
      runIfDue(t.db, task, 'a', 5000),
      runIfDue(t.db, task, 'b', 5000),
      runIfDue(t.db, task, 'c', 5000),
    ]);
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect(await runIfDue(t.db, task, 'a', 5000)).toBe(false); // not due again yet
    expect(runs).toBe(1);
  });

  it('retention forgets ended jobs and their rows, and old drafts, and keeps the rest', async () => {
    const ended = await queued(2, otherApp, 'test.retention');
    await store.cancel(ended);
    const draft = await store.create({ kind: 'test.retention', appId: otherApp, title: 'd.csv' });
    const live = await queued(2, otherApp, 'test.retention');
    const future = Math.floor(Date.now() / 1000) + 10;
    expect(await store.forget(future, future)).toBeGreaterThanOrEqual(2);
    expect(await store.get(ended)).toBeUndefined();
    expect(await store.get(draft)).toBeUndefined();
    expect(await store.results(ended, 0, 10)).toEqual([]);
    expect((await store.get(live))?.state).toBe('queued');
  });
});
