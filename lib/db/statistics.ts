import type { Db, Queryable } from './types';

/**
 * Planner statistics kept up with bulk writes. PostgreSQL plans by what ANALYZE last saw: a
 * table that grew from nothing to a hundred thousand rows within a minute (an import) still
 * looks empty until autovacuum's next analyze, and a lookup by (app, address) is then planned as
 * a scan of the whole app, every batch. After every BULK_ROWS rows written to a table by bulk
 * work, its statistics are taken again (a sampled ANALYZE: tens of milliseconds). SQLite's
 * planner needs no statistics for these indexes: nothing to do there.
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
