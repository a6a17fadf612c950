import type { Db, Queryable } from './types';

/**
 * Planner statistics kept up with a database that is still filling. PostgreSQL plans by what
 * ANALYZE last saw: a table that grew from nothing to a hundred thousand rows within a minute
 * still looks empty until autovacuum's first analyze (up to a minute or more: its naptime), and
 * a prepared statement keeps the plan it made meanwhile: a lookup by (app, address) planned as
 * a walk over every user of the app. A restored database starts there too (pg_dump keeps no
 * statistics). SQLite's planner needs no statistics for these indexes: nothing to do there.
 *
 * - Bulk work (imports, seeds, bulk jobs) says what it wrote (noteBulkWrite): its table is
 *   analyzed after its first FIRST rows, then every BULK_ROWS, before the next batch is planned.
 * - Everything else (a new app's first users and messages through /backend) is watched by
 *   keepStatistics: every few seconds one instance (an advisory lock per schema) analyzes each
 *   table that changed by at least MIN_CHANGES rows and by more rows than it held at its last
 *   ANALYZE, or was never analyzed. A grown table is left to autovacuum's own rule (10% of its
 *   rows), so a million-row table is not analyzed here again. ANALYZE also makes the sessions'
 *   prepared statements plan again.
 */
const BULK_ROWS = 50_000;
/** The first analyze comes early: plans made while a table looked empty are the worst ones. */
const FIRST = 2_000;
const written = new Map<string, { since: number; analyzed: boolean }>();

export async function noteBulkWrite(db: Pick<Db, 'dialect'>, q: Queryable, table: string, rows: number) {
  if (db.dialect !== 'postgres' || rows === 0) return;
  const seen = written.get(table) ?? { since: 0, analyzed: false };
  const since = seen.since + rows;
  if (since < (seen.analyzed ? BULK_ROWS : FIRST)) {
    written.set(table, { since, analyzed: seen.analyzed });
    return;
  }
  written.set(table, { since: 0, analyzed: true });
  if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
  await q.exec(`ANALYZE ${table}`);
}

const MIN_CHANGES = 500;
const LOCK = 7735017;

/** Analyzes this schema's young tables; returns their names (none on SQLite, or while another instance does it). */
export async function analyzeYoungTables(db: Db): Promise<string[]> {
  const pool = db.pgPool;
  if (db.dialect !== 'postgres' || !pool) return [];
  const client = await pool.connect();
  try {
    const lock = [LOCK];
    const taken = await client.query<{ ok: boolean }>(
      'SELECT pg_try_advisory_lock($1, hashtext(current_schema())) AS ok',
      lock,
    );
    if (!taken.rows[0]?.ok) return [];
    try {
      const young = await client.query<{ name: string }>(
        `SELECT format('%I', c.relname) AS name FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
         WHERE s.schemaname = current_schema() AND s.n_mod_since_analyze >= $1
           AND s.n_mod_since_analyze > GREATEST(c.reltuples, 0)
         ORDER BY c.relname`,
        [MIN_CHANGES],
      );
      for (const { name } of young.rows) await client.query(`ANALYZE ${name}`);
      return young.rows.map((r) => r.name);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext(current_schema()))', lock);
    }
  } finally {
    client.release();
  }
}

/** Runs analyzeYoungTables now and every `everyMs`, one at a time; returns the function that stops it. */
export function keepStatistics(
  db: Db,
  options: { everyMs?: number; onAnalyzed?: (tables: string[]) => void; onError?: (err: unknown) => void } = {},
): () => void {
  if (db.dialect !== 'postgres') return () => undefined;
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    analyzeYoungTables(db)
      .then((tables) => {
        if (tables.length) options.onAnalyzed?.(tables);
      })
      .catch((err) => options.onError?.(err))
      .finally(() => {
        running = false;
      });
  };
  tick();
  const timer = setInterval(tick, options.everyMs ?? 5000);
  timer.unref();
  return () => clearInterval(timer);
}
