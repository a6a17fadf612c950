import 'server-only';
import { randomUUID } from 'node:crypto';
import { type Job, type JobStore, LeaseLost, PAUSE_AFTER_FAILURES, type PendingRow, type Settled } from './store';

/**
 * The job runner of one instance: it takes jobs from the database (a lease each), runs them
 * through their kind's handler, renews the lease while they run, and ends them. A job whose
 * instance died (its lease expired) is taken over by whichever instance claims it next, on
 * this machine or another, and resumes at its first row without an outcome.
 */
export interface JobEnd {
  state: 'done' | 'cancelled' | 'paused' | 'failed';
  message?: string;
}

/** What a handler gets to do its job's rows: they are settled only while this instance holds the lease. */
export interface JobWork {
  readonly job: Job;
  /** Set once a cancel was asked or the lease was lost: finish the rows in flight, start no more. */
  stopping(): boolean;
  pending(afterN: number, limit: number): Promise<PendingRow[]>;
  /** Marks rows as sent before their requests leave for a remote backend. */
  markSent(ns: readonly number[]): Promise<void>;
  /**
   * Writes outcomes (in `q`, the transaction holding their effect, or one of its own). Returns
   * an end when they were the PAUSE_AFTER_FAILURES-th failure in a row.
   */
  settle(outcomes: readonly Settled[], q?: import('@/lib/db/types').Queryable): Promise<JobEnd | undefined>;
  /** How a stop ends: cancelled, or (the lease lost) nothing to write. */
  stopped(): JobEnd;
}

export interface JobHandler {
  run(work: JobWork): Promise<JobEnd>;
}

export interface RunnerOptions {
  handlers: Readonly<Record<string, JobHandler>>;
  leaseMs: number;
  /** How often an idle runner looks for work. */
  pollMs?: number;
  /** Jobs this instance runs at once (each of another app or kind). */
  maxJobs?: number;
  /** Called when a job this instance ran has ended (the audit entry). */
  onEnd?: (job: Job) => Promise<void>;
  onError?: (err: unknown, job: Job) => void;
}

export class JobRunner {
  readonly owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly running = new Map<number, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private ticking = false;

  constructor(
    private readonly store: JobStore,
    private readonly options: RunnerOptions,
  ) {}

  start(): void {
    const poll = this.options.pollMs ?? 1000;
    this.timer = setInterval(() => void this.tick(), poll);
    this.timer.unref();
    void this.tick();
  }

  /** Looks for work now (a job was just queued here). */
  nudge(): void {
    void this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled(this.running.values());
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      while (!this.stopped && this.running.size < (this.options.maxJobs ?? 2)) {
        const job = await this.store.claim(this.owner, this.options.leaseMs, Object.keys(this.options.handlers));
        if (!job) break;
        const run = this.run(job).finally(() => this.running.delete(job.id));
        this.running.set(job.id, run);
      }
    } catch (err) {
      this.options.onError?.(err, undefined as unknown as Job);
    } finally {
      this.ticking = false;
    }
  }

  private async run(job: Job): Promise<void> {
    const { store, owner } = this;
    const leaseMs = this.options.leaseMs;
    let lost = false;
    let cancel = job.cancelRequested;
    let streak = job.streak;
    const renew = setInterval(
      async () => {
        try {
          const held = await store.renew(job.id, owner, leaseMs);
          if (!held) lost = true;
          else cancel ||= held.cancelRequested;
        } catch {
          // The database is briefly unreachable: the next renewal tries again before the lease ends.
        }
      },
      Math.max(200, Math.floor(leaseMs / 3)),
    );
    renew.unref();
    const work: JobWork = {
      job,
      stopping: () => lost || cancel || this.stopped,
      pending: (afterN, limit) => store.pending(job.id, afterN, limit),
      markSent: (ns) => store.markSent(job.id, owner, ns),
      async settle(outcomes, q) {
        try {
          await store.settle(job.id, owner, outcomes, q);
        } catch (e) {
          if (e instanceof LeaseLost) lost = true;
          throw e;
        }
        for (const o of outcomes) streak = o.outcome === 'failed' ? streak + 1 : 0;
        if (streak < PAUSE_AFTER_FAILURES) return undefined;
        const last = outcomes.at(-1)?.message ?? '';
        return {
          state: 'paused',
          message: `Paused after ${PAUSE_AFTER_FAILURES} failures in a row (the last: ${last}). Resume when the cause is fixed; the failed rows are listed in the results.`,
        };
      },
      stopped: () => (cancel ? { state: 'cancelled' } : { state: 'failed', message: 'stopped' }),
    };
    let end: JobEnd;
    try {
      // Taken over after a crash: rows sent without an answer are never sent again silently.
      await store.unconfirmSent(job.id, owner);
      end = await this.options.handlers[job.kind].run(work);
    } catch (err) {
      if (err instanceof LeaseLost || lost) {
        clearInterval(renew);
        return; // another instance holds it now, and will end it
      }
      this.options.onError?.(err, job);
      end = { state: 'failed', message: 'The job stopped on an unexpected error; the server log has the details.' };
    }
    clearInterval(renew);
    if (lost) return;
    // A server shutting down hands the job back (running, its lease ended): the next start takes it over.
    if (this.stopped && !cancel && end.state !== 'done' && end.state !== 'paused') {
      await store.release(job.id, owner);
      return;
    }
    if (await store.finish(job.id, owner, end.state, end.message)) {
      const ended = await store.get(job.id);
      if (ended) await this.options.onEnd?.(ended).catch((err) => this.options.onError?.(err, ended));
    }
  }
}
