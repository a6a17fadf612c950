import type { Db, Queryable } from '@/lib/db/types';
import type { App } from '../apps';
import type { EngineKeys } from '../secrets';

/** What every op handler receives: the database, the calling app, and the request body. */
export interface OpContext {
  db: Db;
  app: App;
  /** Epoch seconds at the start of the request. */
  now: number;
  /** Keys derived from the server key. */
  keys: EngineKeys;
}

export type OpRequest = Record<string, unknown>;
export type OpResult = Record<string, unknown>;
export type OpHandler = (ctx: OpContext, req: OpRequest) => Promise<OpResult>;

/** A listing page: `next` is present only while more rows remain. */
export function page<T>(rows: T[], count: number, key: (row: T) => number): { rows: T[]; next?: string } {
  if (rows.length <= count) return { rows };
  const kept = rows.slice(0, count);
  return { rows: kept, next: String(key(kept[kept.length - 1])) };
}

export type { Queryable };
