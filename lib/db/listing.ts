import { patternSql } from './pattern';
import type { Db, Param } from './types';

/**
 * Keyset listing by pattern, fast at millions of rows in both databases.
 *
 * Rows are listed in id order. A prefix pattern can match a handful of rows or almost all
 * of them, and the best plan differs:
 * 1. few matches (probed with a bounded scan of the (app_id, column) index): take them
 *    all from that index and sort them here;
 * 2. many matches: walk ids in order and filter, which finds a page quickly when matches
 *    are spread out; the walk is bounded (`|| ''` keeps the planner off the column index);
 * 3. many matches bunched far apart in id order: sort the whole range by id (slowest,
 *    and only reached when both cheaper plans could not fill the page).
 */
const FEW = 1000;
const WALK = 50_000;

export interface PatternListing {
  table: string;
  idColumn: string;
  column: string;
  appId: number;
  pattern?: string;
  /** Match `pattern` literally (`*` included). */
  exact?: boolean;
  /** Return ids greater than this. */
  after?: number;
  limit: number;
}

export async function idsByPattern(db: Pick<Db, 'all'>, l: PatternListing): Promise<number[]> {
  const p = patternSql(l.column, l.pattern, l.exact);
  const after = l.after ?? 0;
  const ids = (rows: { id: number }[]) => rows.map((r) => Number(r.id));
  if (p.prefix) {
    const inRange = `${l.column} >= ? AND ${l.column} < ?`;
    const candidates = ids(
      await db.all<{ id: number }>(
        `SELECT ${l.idColumn} AS id FROM ${l.table} WHERE app_id = ? AND ${inRange} LIMIT ${FEW + 1}`,
        [l.appId, ...p.prefix],
      ),
    );
    if (candidates.length <= FEW) {
      return candidates
        .filter((id) => id > after)
        .sort((a, b) => a - b)
        .slice(0, l.limit);
    }
    const walk = `SELECT ${l.idColumn} AS id, ${l.column} AS v FROM ${l.table} WHERE app_id = ? AND ${l.idColumn} > ? ORDER BY ${l.idColumn} LIMIT ${WALK}`;
    const hits = ids(
      await db.all<{ id: number }>(
        `SELECT w.id FROM (${walk}) w WHERE (w.v || '') >= ? AND (w.v || '') < ? ORDER BY w.id LIMIT ?`,
        [l.appId, after, ...p.prefix, l.limit],
      ),
    );
    if (hits.length >= l.limit) return hits;
    // A short page is final when the walk reached the end of the table.
    const walked = await db.all<{ n: number }>(`SELECT COUNT(*) AS n FROM (${walk}) w`, [l.appId, after]);
    if (Number(walked[0]?.n ?? 0) < WALK) return hits;
    return ids(
      await db.all<{ id: number }>(
        `SELECT ${l.idColumn} AS id FROM ${l.table} WHERE app_id = ? AND ${inRange} AND ${l.idColumn} > ? ORDER BY ${l.idColumn} LIMIT ?`,
        [l.appId, ...p.prefix, after, l.limit],
      ),
    );
  }
  return ids(
    await db.all<{ id: number }>(
      `SELECT ${l.idColumn} AS id FROM ${l.table} WHERE app_id = ? AND ${l.idColumn} > ?${p.where} ORDER BY ${l.idColumn} LIMIT ?`,
      [l.appId, after, ...p.params, l.limit],
    ),
  );
}

/**
 * The rows of one page: `select` lists the columns, read from `alias`. Without a prefix
 * pattern this is a single ordered query; with one, the ids come from idsByPattern first.
 * `around` wraps the page's statement (a join that brings each row's details along in the
 * same round trip).
 */
export async function rowsByPattern<T>(
  db: Pick<Db, 'all'>,
  l: PatternListing,
  select: string,
  alias: string,
  around: (page: string) => string = (page) => page,
): Promise<T[]> {
  const p = patternSql(`${alias}.${l.column}`, l.pattern, l.exact);
  if (!p.prefix) {
    return db.all<T>(
      around(`SELECT ${select} FROM ${l.table} ${alias} WHERE ${alias}.app_id = ? AND ${alias}.${l.idColumn} > ?${p.where}
       ORDER BY ${alias}.${l.idColumn} LIMIT ?`),
      [l.appId, l.after ?? 0, ...p.params, l.limit],
    );
  }
  const ids = await idsByPattern(db, l);
  if (ids.length === 0) return [];
  return db.all<T>(
    around(
      `SELECT ${select} FROM ${l.table} ${alias} WHERE ${alias}.${l.idColumn} IN ${inList(ids)} ORDER BY ${alias}.${l.idColumn}`,
    ),
    ids,
  );
}

/** `IN (?, ?, ...)` for a list of parameters (always at least one placeholder). */
export function inList(values: Param[]): string {
  return `(${values.length ? values.map(() => '?').join(', ') : 'NULL'})`;
}
