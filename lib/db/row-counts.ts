import type { Db, Queryable } from './types';

/**
 * How many rows each app holds in a table, kept beside them so that no page recounts a million
 * rows per visit: a counts table (`app_id`, `kind` = the table counted, `shard`, `n`) kept by
 * triggers on every write path (ops, bulk runs, imports, the seed loader, an app's deletion).
 * `rowCountsSql` creates it and its triggers and counts what is there once, in the migration's
 * transaction, after the triggers are in place (on PostgreSQL the trigger's lock holds writers
 * back until that transaction commits, so none is missed). The bundled backend counts its users,
 * groups and messages (`app_counts`); the console its directory (`directory_counts`).
 */
export function rowCountsSql(
  dialect: Db['dialect'],
  counts: { table: string; apps: string; exists?: boolean },
  tables: readonly string[],
): string {
  // `exists`: the counts table (and its function) are there; only these tables' triggers are added.
  const create = counts.exists
    ? ''
    : `
CREATE TABLE ${counts.table} (
  app_id BIGINT NOT NULL REFERENCES ${counts.apps}(id) ON DELETE CASCADE,
  kind TEXT NOT NULL, -- the table counted
  shard INTEGER NOT NULL, -- PostgreSQL: the writing session's row (countChangeSql), so that writers never queue on one
  n BIGINT NOT NULL,
  PRIMARY KEY (app_id, kind, shard)
)${dialect === 'sqlite' ? ' WITHOUT ROWID' : ''};`;
  const countNow = (table: string) =>
    `INSERT INTO ${counts.table} (app_id, kind, shard, n) SELECT app_id, '${table}', 0, COUNT(*) FROM ${table} GROUP BY app_id;`;
  if (dialect === 'sqlite')
    return (
      create +
      tables
        .map(
          (table) => `
CREATE TRIGGER ${table}_added AFTER INSERT ON ${table} BEGIN
  INSERT INTO ${counts.table} (app_id, kind, shard, n) VALUES (NEW.app_id, '${table}', 0, 1)
  ON CONFLICT (app_id, kind, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER ${table}_removed AFTER DELETE ON ${table} BEGIN
  UPDATE ${counts.table} SET n = n - 1 WHERE app_id = OLD.app_id AND kind = '${table}' AND shard = 0;
END;
${countNow(table)}`,
        )
        .join('')
    );
  return `${create}
${counts.exists ? '' : countChangeSql(counts)}
${tables
  .map(
    (table) => `
CREATE TRIGGER ${table}_added AFTER INSERT ON ${table} REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION ${counts.table}_change('${table}');
CREATE TRIGGER ${table}_removed AFTER DELETE ON ${table} REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION ${counts.table}_change('${table}');
${countNow(table)}`,
  )
  .join('')}`;
}

const SHARDS = 64;

/**
 * PostgreSQL's trigger function for a counts table: statement triggers, so that a bulk write or an
 * app's deletion updates the counts once, not per row; a removal on a deleted app (its rows go
 * by cascade) has no count to change (the EXISTS).
 *
 * Each session adds to its own shard (its backend pid modulo SHARDS), not to a random one of a
 * few: the shard's row stays locked until the writer commits, WAL flush included, so writers
 * that share one queue behind each other. With 16 random shards a `useradd` spent 0.6–0.7 ms in
 * PostgreSQL, two thirds of it waiting there; by session, 0.26–0.37 ms (pg_stat_statements,
 * 32 connections). A reader sums the app's shards (keptCount): at most SHARDS rows.
 * Also the upgrade of databases made before (CREATE OR REPLACE).
 */
export function countChangeSql(counts: { table: string; apps: string }): string {
  const shard = `pg_backend_pid() % ${SHARDS}`;
  return `CREATE OR REPLACE FUNCTION ${counts.table}_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO ${counts.table} (app_id, kind, shard, n)
      SELECT app_id, TG_ARGV[0], ${shard}, COUNT(*) FROM added GROUP BY app_id
      ON CONFLICT (app_id, kind, shard) DO UPDATE SET n = ${counts.table}.n + excluded.n;
  ELSE
    INSERT INTO ${counts.table} (app_id, kind, shard, n)
      SELECT app_id, TG_ARGV[0], ${shard}, -COUNT(*) FROM removed r
      WHERE EXISTS (SELECT 1 FROM ${counts.apps} WHERE id = r.app_id) GROUP BY app_id
      ON CONFLICT (app_id, kind, shard) DO UPDATE SET n = ${counts.table}.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;`;
}
/** How many rows of `kind` app `appId` holds, from `countsTable`. */
export async function keptCount(q: Queryable, countsTable: string, appId: number, kind: string): Promise<number> {
  const row = await q.get<{ n: number | null }>(
    `SELECT SUM(n) AS n FROM ${countsTable} WHERE app_id = ? AND kind = ?`,
    [appId, kind],
  );
  return Number(row?.n ?? 0);
}
