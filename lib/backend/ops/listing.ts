import type { Db, Param } from '../db/types';
import { patternSql } from './pattern';

/**
 * Keyset listing by pattern, fast at millions of rows in both databases.
 *
 * Rows are listed in id order. A prefix pattern can match a handful of rows or almost all
 * of them, and the best plan differs: few matches are found through the (app_id, column)
 * index and sorted here; many matches are found by walking ids in order and filtering
 * (the `|| ''` keeps the planner from choosing the column index and sorting a huge range).
 * The switch point is probed with a bounded index-only scan.
 */
const FEW = 1000;

export interface PatternListing {
  table: string;
  idColumn: string;
  column: string;
  appId: number;
  pattern?: string;
  /** Return ids greater than this. */
  after?: number;
  limit: number;
}

export async function idsByPattern(db: Pick<Db, 'all'>, l: PatternListing): Promise<number[]> {
  const p = patternSql(l.column, l.pattern);
  const after = l.after ?? 0;
  if (p.prefix) {
    const candidates = await db.all<{ id: number }>(
      `SELECT ${l.idColumn} AS id FROM ${l.table} WHERE app_id = ? AND ${l.column} >= ? AND ${l.column} < ? LIMIT ${FEW + 1}`,
      [l.appId, ...p.prefix],
    );
    if (candidates.length <= FEW) {
      return candidates
        .map((r) => Number(r.id))
        .filter((id) => id > after)
        .sort((a, b) => a - b)
        .slice(0, l.limit);
    }
    const rows = await db.all<{ id: number }>(
      `SELECT ${l.idColumn} AS id FROM ${l.table} WHERE app_id = ? AND ${l.idColumn} > ? AND (${l.column} || '') >= ? AND (${l.column} || '') < ? ORDER BY ${l.idColumn} LIMIT ?`,
      [l.appId, after, ...p.prefix, l.limit],
    );
    return rows.map((r) => Number(r.id));
  }
  const rows = await db.all<{ id: number }>(
    `SELECT ${l.idColumn} AS id FROM ${l.table} WHERE app_id = ? AND ${l.idColumn} > ?${p.where} ORDER BY ${l.idColumn} LIMIT ?`,
    [l.appId, after, ...p.params, l.limit],
  );
  return rows.map((r) => Number(r.id));
}

/** `IN (?, ?, ...)` for a list of parameters (always at least one placeholder). */
export function inList(values: Param[]): string {
  return `(${values.length ? values.map(() => '?').join(', ') : 'NULL'})`;
}
