import type { Queryable } from './types';

/**
 * A time range of a log read newest first by id (the message log by mid, the console's directory
 * of messages by id), as a window of ids: the log's walk stays one index range between two ids,
 * however far back the range lies, where a filter on the time alone would read every newer entry
 * first (a day a month ago under a million messages: 400,000 rows).
 *
 * An entry's id is taken when it is written and its time a moment before, on the clock of the
 * instance that wrote it: ids follow the times, but only to within the clocks' difference. So the
 * window is found from an index by time `(app_id, ts, id)` (or `(ts, id)`, a log of all apps: the audit log) with a minute of slack on each side
 * (every entry of the range lies between the last entry older than a minute before it and the
 * first one newer than a minute after it), and each entry in the window is still checked against
 * the range itself. The answer is exact while the instances' clocks agree to within a minute.
 */
const CLOCK_SLACK_SECONDS = 60;

export type TimeRange = { since?: number; until?: number };
/** Exclusive id bounds: the range's entries have ids above `above` and below `below` (absent: no bound). */
export type IdWindow = { above?: number; below?: number };

export async function idWindow(
  db: Queryable,
  log: { table: string; id: string },
  range: TimeRange,
  /** The app whose entries the log holds apart (its index by time begins with app_id); none: the whole log. */
  appId?: number,
): Promise<IdWindow> {
  const app = appId === undefined ? '' : 'app_id = ? AND ';
  const scope = appId === undefined ? [] : [appId];
  const window: IdWindow = {};
  if (range.since !== undefined) {
    const row = await db.get<{ id: number }>(
      `SELECT ${log.id} AS id FROM ${log.table} WHERE ${app}ts < ? ORDER BY ts DESC, ${log.id} DESC LIMIT 1`,
      [...scope, range.since - CLOCK_SLACK_SECONDS],
    );
    if (row) window.above = Number(row.id);
  }
  if (range.until !== undefined) {
    const row = await db.get<{ id: number }>(
      `SELECT ${log.id} AS id FROM ${log.table} WHERE ${app}ts >= ? ORDER BY ts, ${log.id} LIMIT 1`,
      [...scope, range.until + CLOCK_SLACK_SECONDS],
    );
    if (row) window.below = Number(row.id);
  }
  return window;
}

/**
 * The SQL conditions (and their parameters) of a walk newest first by id: below `before` (a
 * page's cursor) and within a range's window, as one bound each way (two upper bounds left the
 * planner walking from the cursor's, reading a million rows to find none), and of the range
 * itself. `columns` name the log's time and the id walked, qualified as the query needs.
 */
export function inTimeRange(
  columns: { ts: string; id: string },
  range: TimeRange,
  window: IdWindow,
  before: number | undefined,
) {
  const where: string[] = [];
  const params: number[] = [];
  const add = (sql: string, value: number | undefined) => {
    if (value === undefined) return;
    where.push(sql);
    params.push(value);
  };
  add(`${columns.id} < ?`, Math.min(before ?? Number.MAX_SAFE_INTEGER, window.below ?? Number.MAX_SAFE_INTEGER));
  add(`${columns.id} > ?`, window.above);
  add(`${columns.ts} >= ?`, range.since);
  add(`${columns.ts} < ?`, range.until);
  return { where, params };
}
