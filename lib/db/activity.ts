import type { Db, Queryable } from './types';

/**
 * What happened in an app, per quarter hour: messages sent, users created (and, in the console,
 * users online), kept by the database as rows are written, so that a chart of 30 days reads at
 * most 2,880 rows per series instead of a million messages. Quarter hours, not hours: days in a
 * time zone such as +05:30 or +05:45 begin on one (lib/domain/activity.ts adds them up).
 *
 * An activity table (`app_id`, `kind`, `bucket` = the quarter's start in epoch seconds, `shard`,
 * `n`) is kept by insert triggers on each table counted, so every way rows arrive (ops, bulk
 * runs, imports, the seed loader) counts. Deletions leave it alone: a message deleted since was
 * still sent. On PostgreSQL each writing session adds to a row of its own (as lib/db/row-counts.ts
 * does for the same reason: no writer waits on another's row until commit); a reader sums them.
 */
export const QUARTER_HOUR = 900;
const SHARDS = 64;

/** A table whose inserts are counted: `kind(row)` names each row's series, from the row's columns (`row.` prefixed). */
export interface ActivitySource {
  table: string;
  ts: string;
  kind: (row: string) => string;
}

export function activitySql(
  dialect: Db['dialect'],
  activity: { table: string; apps: string },
  sources: readonly ActivitySource[],
  options: { exists?: boolean } = {},
): string {
  const create = options.exists
    ? ''
    : `
CREATE TABLE ${activity.table} (
  app_id BIGINT NOT NULL REFERENCES ${activity.apps}(id) ON DELETE CASCADE,
  kind TEXT NOT NULL, -- the series
  bucket BIGINT NOT NULL, -- the quarter hour's start, epoch seconds
  shard INTEGER NOT NULL, -- PostgreSQL: the writing session's row
  n BIGINT NOT NULL,
  PRIMARY KEY (app_id, kind, bucket, shard)
)${dialect === 'sqlite' ? ' WITHOUT ROWID' : ''};`;
  // What is there already, so the first charts are not empty after an upgrade.
  const countNow = (s: ActivitySource) =>
    `INSERT INTO ${activity.table} (app_id, kind, bucket, shard, n)
  SELECT app_id, ${s.kind(`${s.table}.`)}, ${s.ts} - ${s.ts} % ${QUARTER_HOUR}, 0, COUNT(*) FROM ${s.table}
  GROUP BY 1, 2, 3
  ON CONFLICT (app_id, kind, bucket, shard) DO UPDATE SET n = ${activity.table}.n + excluded.n;`;
  const upsert = `ON CONFLICT (app_id, kind, bucket, shard) DO UPDATE SET n = ${activity.table}.n + excluded.n`;
  if (dialect === 'sqlite')
    return (
      create +
      sources
        .map(
          (s) => `
CREATE TRIGGER ${s.table}_activity AFTER INSERT ON ${s.table} BEGIN
  INSERT INTO ${activity.table} (app_id, kind, bucket, shard, n)
  VALUES (NEW.app_id, ${s.kind('NEW.')}, NEW.${s.ts} - NEW.${s.ts} % ${QUARTER_HOUR}, 0, 1) ${upsert};
END;
${countNow(s)}`,
        )
        .join('')
    );
  // A statement trigger: a bulk insert adds to each of its quarters once.
  return (
    create +
    sources
      .map(
        (s) => `
CREATE FUNCTION ${s.table}_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ${activity.table} (app_id, kind, bucket, shard, n)
    SELECT app_id, ${s.kind('')}, ${s.ts} - ${s.ts} % ${QUARTER_HOUR}, pg_backend_pid() % ${SHARDS}, COUNT(*) FROM added
    GROUP BY 1, 2, 3 ${upsert};
  RETURN NULL;
END $$;
CREATE TRIGGER ${s.table}_activity AFTER INSERT ON ${s.table} REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION ${s.table}_activity();
${countNow(s)}`,
      )
      .join('')
  );
}

/** A series: period starts (epoch seconds, ascending) and what happened in each; periods with nothing are left out. */
export type Series = [bucket: number, n: number][];

/** Which kinds of `table` a window asks for; `levels` are kinds kept as levels (users online): their highest, not their sum. */
export interface ActivityAsk {
  kinds: readonly string[];
  levels?: readonly string[];
  /** The window (epoch seconds, on quarter hours), in periods of `step` seconds counted from its start (900 or 3600). */
  window: { since: number; until: number };
  step?: number;
}

const measureOf = (levels: readonly string[] | undefined) =>
  levels?.length ? `CASE WHEN kind IN (${levels.map(() => '?').join(', ')}) THEN MAX(n) ELSE SUM(n) END` : 'SUM(n)';

/**
 * App `appId`'s series of `kinds` in the window, in periods of `step` from its start: an hour's
 * periods make a 30-day chart 720 rows per series instead of 2,880, whose sort and transfer cost
 * more than the reading. Every zone's hours and midnights fall on whole hours from a start that
 * is one of them (a day of 23 or 25 hours included).
 */
export async function activityIn(q: Queryable, table: string, appId: number, ask: ActivityAsk) {
  const step = ask.step ?? QUARTER_HOUR;
  const rows = await q.all<{ kind: string; bucket: number; n: number }>(
    `SELECT kind, bucket - ((bucket - ?) % ?) AS bucket, ${measureOf(ask.levels)} AS n FROM ${table}
     WHERE app_id = ? AND kind IN (${ask.kinds.map(() => '?').join(', ')}) AND bucket >= ? AND bucket < ?
     GROUP BY 1, 2`,
    // Periods counted from the quarter hour that holds `since`.
    [
      ask.window.since - (ask.window.since % QUARTER_HOUR),
      step,
      ...(ask.levels ?? []),
      appId,
      ...ask.kinds,
      ask.window.since,
      ask.window.until,
    ],
  );
  const series: Record<string, Series> = Object.fromEntries(ask.kinds.map((k) => [k, []]));
  for (const r of rows) series[r.kind].push([Number(r.bucket), Number(r.n)]);
  for (const s of Object.values(series)) s.sort((a, b) => a[0] - b[0]);
  return series;
}

/** Each kind's total in the window (a level's highest), for the previous period of a chart. */
export async function activityTotals(q: Queryable, table: string, appId: number, ask: Omit<ActivityAsk, 'step'>) {
  const rows = await q.all<{ kind: string; n: number }>(
    `SELECT kind, ${measureOf(ask.levels)} AS n FROM ${table}
     WHERE app_id = ? AND kind IN (${ask.kinds.map(() => '?').join(', ')}) AND bucket >= ? AND bucket < ?
     GROUP BY kind`,
    [...(ask.levels ?? []), appId, ...ask.kinds, ask.window.since, ask.window.until],
  );
  const totals: Record<string, number> = Object.fromEntries(ask.kinds.map((k) => [k, 0]));
  for (const r of rows) totals[r.kind] = Number(r.n);
  return totals;
}

/** A message's series, in the bundled backend's log and in the console's (gid 0: direct). */
export const messageKind = (row: string) => `CASE WHEN ${row}gid = 0 THEN 'direct' ELSE 'group' END`;

/** Two series added up, quarter by quarter. */
export function mergeSeries(a: Series, b: Series): Series {
  if (!b.length) return a;
  if (!a.length) return b;
  const sum = new Map<number, number>(a);
  for (const [bucket, n] of b) sum.set(bucket, (sum.get(bucket) ?? 0) + n);
  return [...sum].sort((x, y) => x[0] - y[0]);
}

/**
 * Folds each quarter hour before `before` into one row (PostgreSQL: one per writing session
 * until then), so a chart of 60 days reads one row per quarter hour whatever the load was.
 * Returns the quarters folded. SQLite writes one row per quarter already.
 */
export async function compactActivity(db: Db, table: string, before: number): Promise<number> {
  if (db.dialect !== 'postgres') return 0;
  const rows = await db.write(
    `WITH gone AS (DELETE FROM ${table} WHERE bucket < ? AND shard <> 0 RETURNING app_id, kind, bucket, n)
     INSERT INTO ${table} (app_id, kind, bucket, shard, n)
     SELECT app_id, kind, bucket, 0, SUM(n) FROM gone GROUP BY app_id, kind, bucket
     ON CONFLICT (app_id, kind, bucket, shard) DO UPDATE SET n = ${table}.n + excluded.n
     RETURNING bucket`,
    [before],
  );
  return rows.length;
}
