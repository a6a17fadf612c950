import 'server-only';
import { noteBulkWrite } from '@/lib/db/statistics';
import type { Db, Queryable } from '@/lib/db/types';

/**
 * Jobs kept in the database: long work (an import, a bulk action) that survives a restart and
 * moves to another instance. A job is run by the instance holding its lease (`lease_owner`,
 * `lease_until`), taken with one conditional UPDATE and renewed while it runs, as graphile-worker
 * and pg-boss do on PostgreSQL (both are PostgreSQL-only, and this runs on SQLite too).
 *
 * Each row's outcome is written with the lease checked in the same transaction: an instance
 * that lost its lease (another took the job over) cannot record anything, and where the row's
 * effect is in this database (the bundled backend, the directory) it is in that transaction too.
 */
export type JobState = 'draft' | 'queued' | 'running' | 'paused' | 'cancelled' | 'done' | 'failed';
export type RowOutcome = 'ok' | 'skipped' | 'failed' | 'unconfirmed';

export interface Job<Options = Record<string, unknown>, Summary = Record<string, unknown>> {
  id: number;
  kind: string;
  appId: number;
  operatorId?: number;
  operatorEmail: string;
  state: JobState;
  title: string;
  options: Options;
  summary: Summary;
  message: string;
  total: number;
  done: number;
  ok: number;
  skipped: number;
  failed: number;
  unconfirmed: number;
  streak: number;
  cancelRequested: boolean;
  leaseOwner: string;
  /** Epoch ms. */
  leaseUntil: number;
  createdTs: number;
  startedTs: number;
  finishedTs: number;
  updatedTs: number;
}

/** A row staged for a job (an import's line). */
export interface StagedRow {
  n: number;
  line: number;
  key: string;
  data: Record<string, unknown>;
  problem?: string;
  /**
   * What the dry run expects: something new, the same as the file says, a change, or (Import
   * members on a directory app) an address the directory does not know.
   */
  plan?: 'new' | 'same' | 'change' | 'unknown';
}
export interface PendingRow {
  n: number;
  line: number;
  key: string;
  data: Record<string, unknown>;
  problem: string;
}
export interface Settled {
  n: number;
  outcome: RowOutcome;
  message?: string;
}
export interface ResultRow {
  n: number;
  line: number;
  key: string;
  outcome: RowOutcome | '';
  message: string;
  problem: string;
}

/** Thrown when this instance no longer holds the job (another took it over, or it ended): stop at once. */
export class LeaseLost extends Error {
  constructor(jobId: number) {
    super(`job ${jobId}: the lease is held elsewhere`);
  }
}

/** Failures in a row that pause a job (the backend went away): it never spins. */
export const PAUSE_AFTER_FAILURES = 20;

type JobRecord = Record<string, unknown>;

/**
 * The rows of a job that did not go as the file asked: failed, unconfirmed, or invalid (skipped
 * for their problem). The predicate of the index job_rows_problems (migration 24), written once
 * so that every query that reads it says it the same way (a partial index is used only then).
 */
export const PROBLEM_ROWS = "(outcome IN ('failed', 'unconfirmed') OR problem <> '')";
const num = (v: unknown) => Number(v ?? 0);
const json = (v: unknown) => {
  try {
    return JSON.parse(String(v ?? '{}'));
  } catch {
    return {};
  }
};
const toJob = (r: JobRecord): Job => ({
  id: num(r.id),
  kind: String(r.kind),
  appId: num(r.app_id),
  operatorId: r.operator_id == null ? undefined : num(r.operator_id),
  operatorEmail: String(r.operator_email ?? ''),
  state: String(r.state) as JobState,
  title: String(r.title ?? ''),
  options: json(r.options),
  summary: json(r.summary),
  message: String(r.message ?? ''),
  total: num(r.total),
  done: num(r.done),
  ok: num(r.ok),
  skipped: num(r.skipped),
  failed: num(r.failed),
  unconfirmed: num(r.unconfirmed),
  streak: num(r.streak),
  cancelRequested: num(r.cancel_requested) === 1,
  leaseOwner: String(r.lease_owner ?? ''),
  leaseUntil: num(r.lease_until),
  createdTs: num(r.created_ts),
  startedTs: num(r.started_ts),
  finishedTs: num(r.finished_ts),
  updatedTs: num(r.updated_ts),
});
const nowS = () => Math.floor(Date.now() / 1000);
// Many rows per statement: staging a million rows is a thousand statements.
const ROWS_PER_INSERT = 1000;
const IN_LIST = 2000;

export class JobStore {
  constructor(private readonly db: Db) {}

  async create(input: {
    kind: string;
    appId: number;
    operator?: { id: number; email: string };
    title: string;
    options?: Record<string, unknown>;
    state?: 'draft' | 'queued';
  }): Promise<number> {
    const ts = nowS();
    const [row] = await this.db.write<{ id: number }>(
      `INSERT INTO jobs (kind, app_id, operator_id, operator_email, state, title, options, created_ts, updated_ts)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [
        input.kind,
        input.appId,
        input.operator?.id ?? null,
        input.operator?.email ?? 'system',
        input.state ?? 'draft',
        input.title.slice(0, 200),
        JSON.stringify(input.options ?? {}),
        ts,
        ts,
      ],
    );
    return num(row.id);
  }

  /** Stages rows (a draft's file), many per statement. */
  async stage(jobId: number, rows: readonly StagedRow[], q: Queryable = this.db): Promise<void> {
    await noteBulkWrite(this.db, this.db, 'job_rows', rows.length);
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT);
      await q.run(
        `INSERT INTO job_rows (job_id, n, line, row_key, data, problem, plan) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((r) => [jobId, r.n, r.line, r.key, JSON.stringify(r.data), r.problem ?? '', r.plan ?? '']),
      );
    }
  }

  async get(id: number): Promise<Job | undefined> {
    const row = await this.db.get<JobRecord>('SELECT * FROM jobs WHERE id = ?', [id]);
    return row && toJob(row);
  }

  /** Newest first; `apps` limits them to those apps ('all': every app). Drafts are not jobs yet. */
  async list(apps: number[] | 'all', before: number | undefined, count: number): Promise<Job[]> {
    const params: (number | string)[] = [before ?? Number.MAX_SAFE_INTEGER];
    let where = "state <> 'draft' AND id < ?";
    if (apps !== 'all') {
      if (apps.length === 0) return [];
      where += ` AND app_id IN (${apps.map(() => '?').join(', ')})`;
      params.push(...apps);
    }
    const rows = await this.db.all<JobRecord>(`SELECT * FROM jobs WHERE ${where} ORDER BY id DESC LIMIT ?`, [
      ...params,
      count,
    ]);
    return rows.map(toJob);
  }

  /** How many of an app's jobs are waiting, running or paused (the Overview's Needs attention). */
  async unfinished(appId: number): Promise<{ queued: number; running: number; paused: number }> {
    const rows = await this.db.all<{ state: 'queued' | 'running' | 'paused'; n: number }>(
      `SELECT state, COUNT(*) AS n FROM jobs WHERE app_id = ? AND state IN ('queued', 'running', 'paused') GROUP BY state`,
      [appId],
    );
    const counts = { queued: 0, running: 0, paused: 0 };
    for (const r of rows) counts[r.state] = Number(r.n);
    return counts;
  }

  async setSummary(id: number, summary: Record<string, unknown>, total: number): Promise<void> {
    await this.db.run(`UPDATE jobs SET summary = ?, total = ?, updated_ts = ? WHERE id = ? AND state = 'draft'`, [
      JSON.stringify(summary),
      total,
      nowS(),
      id,
    ]);
  }

  /** A draft becomes a job: queued with its options; false when it is not a draft (started already). */
  async queue(id: number, options: Record<string, unknown>, total: number): Promise<boolean> {
    const r = await this.db.run(
      `UPDATE jobs SET state = 'queued', options = ?, total = ?, updated_ts = ? WHERE id = ? AND state = 'draft'`,
      [JSON.stringify(options), total, nowS(), id],
    );
    return r.changes === 1;
  }

  /**
   * Takes one job to run: a running one whose lease expired (it resumes first), else the oldest
   * queued one of an app and kind with nothing running. One conditional UPDATE, so two
   * instances never both win; the unique index on running jobs keeps it one per app and kind.
   */
  async claim(owner: string, leaseMs: number, kinds: readonly string[]): Promise<Job | undefined> {
    if (kinds.length === 0) return undefined;
    const now = Date.now();
    const kindList = kinds.map(() => '?').join(', ');
    // Through the writer (a transaction), not a read: on SQLite a read opens a snapshot that this
    // poll, every second, would keep alive, hiding other processes' commits (an app made on the
    // command line) from the requests that follow it for up to its lifetime.
    const candidates = await this.db.tx((q) =>
      q.all<{ id: number; state: string }>(
        `SELECT j.id, j.state FROM jobs j
       WHERE j.kind IN (${kindList}) AND ((j.state = 'running' AND j.lease_until < ?)
         OR (j.state = 'queued' AND NOT EXISTS (
           SELECT 1 FROM jobs o WHERE o.app_id = j.app_id AND o.kind = j.kind AND o.state = 'running')))
       ORDER BY CASE WHEN j.state = 'running' THEN 0 ELSE 1 END, j.id LIMIT 5`,
        [...kinds, now],
      ),
    );
    for (const c of candidates) {
      try {
        const [row] = await this.db.write<JobRecord>(
          `UPDATE jobs SET state = 'running', lease_owner = ?, lease_until = ?, updated_ts = ?,
             started_ts = CASE WHEN started_ts = 0 THEN ? ELSE started_ts END
           WHERE id = ? AND ((state = 'running' AND lease_until < ?) OR state = 'queued') RETURNING *`,
          [owner, now + leaseMs, nowS(), nowS(), c.id, now],
        );
        if (row) return toJob(row);
      } catch {
        // Another instance started a job of this app and kind first (the unique index): next.
      }
    }
    return undefined;
  }

  /** Extends the lease: undefined when it is no longer this instance's (then stop), else whether a cancel was asked. */
  async renew(id: number, owner: string, leaseMs: number): Promise<{ cancelRequested: boolean } | undefined> {
    const [row] = await this.db.write<{ cancel_requested: number }>(
      `UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_owner = ? AND state = 'running' RETURNING cancel_requested`,
      [Date.now() + leaseMs, id, owner],
    );
    return row && { cancelRequested: num(row.cancel_requested) === 1 };
  }

  /** Gives a running job back (a server shutting down): still running, its lease ended, so any instance takes it over at once. */
  async release(id: number, owner: string): Promise<void> {
    await this.db.run(`UPDATE jobs SET lease_until = 0 WHERE id = ? AND lease_owner = ? AND state = 'running'`, [
      id,
      owner,
    ]);
  }

  /** Rows not yet settled, in file order after `afterN`; invalid rows too (the job decides). */
  async pending(id: number, afterN: number, limit: number): Promise<PendingRow[]> {
    const rows = await this.db.all<{ n: number; line: number; row_key: string; data: string; problem: string }>(
      `SELECT n, line, row_key, data, problem FROM job_rows
       WHERE job_id = ? AND n > ? AND outcome = '' AND sent_ts = 0 ORDER BY n LIMIT ?`,
      [id, afterN, limit],
    );
    return rows.map((r) => ({
      n: num(r.n),
      line: num(r.line),
      key: r.row_key,
      data: json(r.data),
      problem: r.problem,
    }));
  }

  /**
   * Marks rows as sent to a remote backend, before their requests leave, with the lease checked:
   * after a crash, a row sent without an outcome is never sent again (it becomes unconfirmed).
   */
  async markSent(id: number, owner: string, ns: readonly number[]): Promise<void> {
    if (ns.length === 0) return;
    await this.db.tx(async (q) => {
      await this.holdLease(q, id, owner);
      await q.run(
        `UPDATE job_rows SET sent_ts = ? WHERE job_id = ? AND n IN (${ns.map(() => '?').join(', ')}) AND outcome = ''`,
        [Date.now(), id, ...ns],
      );
    });
  }

  /**
   * Writes rows' outcomes and the job's counts, in `q` (the transaction holding their effect)
   * or a transaction of its own; throws LeaseLost, rolling the transaction back, when this
   * instance no longer holds the job. A row settled already is left as it was.
   */
  async settle(id: number, owner: string, outcomes: readonly Settled[], q?: Queryable): Promise<void> {
    if (outcomes.length === 0) return;
    const write = async (tx: Queryable) => {
      await this.holdLease(tx, id, owner);
      const updated = await this.writeOutcomes(tx, id, outcomes);
      if (updated !== outcomes.length) throw new Error(`job ${id}: ${outcomes.length - updated} rows settled twice`);
      const count = (o: RowOutcome) => outcomes.filter((x) => x.outcome === o).length;
      // Failures in a row: the trailing failures of this batch, added to the streak when all failed.
      let trailing = 0;
      for (let i = outcomes.length - 1; i >= 0 && outcomes[i].outcome === 'failed'; i--) trailing++;
      const allFailed = trailing === outcomes.length;
      await tx.run(
        `UPDATE jobs SET done = done + ?, ok = ok + ?, skipped = skipped + ?, failed = failed + ?,
           unconfirmed = unconfirmed + ?, streak = ${allFailed ? 'streak + ?' : '?'}, updated_ts = ? WHERE id = ?`,
        [outcomes.length, count('ok'), count('skipped'), count('failed'), count('unconfirmed'), trailing, nowS(), id],
      );
    };
    if (q) await write(q);
    else await this.db.tx(write);
  }

  private async writeOutcomes(q: Queryable, id: number, outcomes: readonly Settled[]): Promise<number> {
    // Rows of one outcome and message share one statement (most of a batch ends the same way).
    const groups = new Map<string, number[]>();
    for (const o of outcomes) {
      const key = JSON.stringify([o.outcome, (o.message ?? '').slice(0, 500)]);
      groups.set(key, [...(groups.get(key) ?? []), o.n]);
    }
    let updated = 0;
    for (const [key, ns] of groups) {
      const [outcome, message] = JSON.parse(key) as [string, string];
      for (let i = 0; i < ns.length; i += IN_LIST) {
        const chunk = ns.slice(i, i + IN_LIST);
        const r = await q.run(
          `UPDATE job_rows SET outcome = ?, message = ? WHERE job_id = ? AND n IN (${chunk.map(() => '?').join(', ')}) AND outcome = ''`,
          [outcome, message, id, ...chunk],
        );
        updated += r.changes;
      }
    }
    return updated;
  }

  private async holdLease(q: Queryable, id: number, owner: string): Promise<void> {
    const held = await q.get<{ id: number }>(
      `SELECT id FROM jobs WHERE id = ? AND lease_owner = ? AND state = 'running' AND lease_until >= ?`,
      [id, owner, Date.now()],
    );
    if (!held) throw new LeaseLost(id);
  }

  /**
   * Taking over a job after a crash: rows marked sent without an outcome may or may not have
   * reached the backend. They are never sent again silently: they become unconfirmed.
   */
  async unconfirmSent(id: number, owner: string): Promise<number> {
    const rows = await this.db.all<{ n: number }>(
      `SELECT n FROM job_rows WHERE job_id = ? AND sent_ts > 0 AND outcome = '' ORDER BY n`,
      [id],
    );
    await this.settle(
      id,
      owner,
      rows.map((r) => ({
        n: num(r.n),
        outcome: 'unconfirmed' as const,
        message: 'Sent before a restart; its answer was lost. Check this user before acting on it again.',
      })),
    );
    return rows.length;
  }

  /** Ends a running job held by `owner`; its state says how. */
  async finish(id: number, owner: string, state: 'done' | 'failed' | 'cancelled' | 'paused', message = '') {
    const ts = nowS();
    const r = await this.db.run(
      `UPDATE jobs SET state = ?, message = ?, lease_owner = '', lease_until = 0, updated_ts = ?,
         finished_ts = ?, streak = CASE WHEN ? = 'paused' THEN streak ELSE 0 END
       WHERE id = ? AND lease_owner = ? AND state = 'running'`,
      [state, message.slice(0, 500), ts, state === 'paused' ? 0 : ts, state, id, owner],
    );
    return r.changes === 1;
  }

  /**
   * Cancel: a job not running ends at once; a running one is asked to stop after the rows in
   * flight (its runner sees the flag). False when it has already ended.
   */
  async cancel(id: number): Promise<boolean> {
    const ts = nowS();
    const ended = await this.db.run(
      `UPDATE jobs SET state = 'cancelled', finished_ts = ?, updated_ts = ? WHERE id = ? AND state IN ('queued', 'paused')`,
      [ts, ts, id],
    );
    if (ended.changes === 1) return true;
    const asked = await this.db.run(
      `UPDATE jobs SET cancel_requested = 1, updated_ts = ? WHERE id = ? AND state = 'running'`,
      [ts, id],
    );
    return asked.changes === 1;
  }

  /**
   * Resume a paused or cancelled job that has rows left: queued again, its failure streak and
   * cancel forgotten; it goes on with the rows not yet run (those done stay as they ended).
   */
  async resume(id: number): Promise<boolean> {
    const r = await this.db.run(
      `UPDATE jobs SET state = 'queued', streak = 0, cancel_requested = 0, message = '', finished_ts = 0, updated_ts = ?
       WHERE id = ? AND state IN ('paused', 'cancelled') AND done < total`,
      [nowS(), id],
    );
    return r.changes === 1;
  }

  /**
   * Per-row results in file order, a page at a time (the download streams them; the job's page
   * lists them); `problems`: only the rows that failed, went unconfirmed or were invalid, read
   * through their own index (a million rows with three failures: three entries).
   */
  async results(id: number, afterN: number, limit: number, problems = false): Promise<ResultRow[]> {
    const rows = await this.db.all<Record<string, unknown>>(
      // SQLite (no statistics) would walk the table's primary key, every row, rather than the
      // partial index of the few problems: named there.
      `SELECT n, line, row_key, outcome, message, problem
       FROM job_rows${problems && this.db.dialect === 'sqlite' ? ' INDEXED BY job_rows_problems' : ''}
       WHERE job_id = ? AND n > ?${problems ? ` AND ${PROBLEM_ROWS}` : ''} ORDER BY n LIMIT ?`,
      [id, afterN, limit],
    );
    return rows.map((r) => ({
      n: num(r.n),
      line: num(r.line),
      key: String(r.row_key),
      outcome: String(r.outcome) as ResultRow['outcome'],
      message: String(r.message ?? ''),
      problem: String(r.problem ?? ''),
    }));
  }

  /** Jobs (with their rows) that ended before `endedBefore`, and drafts made before `draftsBefore`; returns how many. */
  async forget(endedBefore: number, draftsBefore: number): Promise<number> {
    const r = await this.db.run(
      `DELETE FROM jobs WHERE (state IN ('done', 'failed', 'cancelled') AND finished_ts < ?)
         OR (state = 'draft' AND created_ts < ?)`,
      [endedBefore, draftsBefore],
    );
    return r.changes;
  }
}
