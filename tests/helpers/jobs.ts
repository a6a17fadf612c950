import type { JobHandler } from '@/lib/jobs/runner';
import { JobRunner } from '@/lib/jobs/runner';
import type { JobStore } from '@/lib/jobs/store';

/** Text as a request body streams it. */
export async function* bytes(text: string) {
  yield new TextEncoder().encode(text);
}

/** Runs job `id` with a runner of its own (one handler for its kind) until it ends, or `timeoutMs` passes. */
export async function runJobToEnd(store: JobStore, kind: string, handler: JobHandler, id: number, timeoutMs = 30_000) {
  const runner = new JobRunner(store, { handlers: { [kind]: handler }, leaseMs: 5000, pollMs: 50 });
  runner.start();
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const job = await store.get(id);
    if (job && ['done', 'failed', 'paused', 'cancelled'].includes(job.state)) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  await runner.stop();
  return store.get(id);
}
