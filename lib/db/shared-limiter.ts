import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from './types';

/**
 * Counts that must hold for every instance of the server at once (sign-in throttling, the
 * bound on anonymous audit entries): kept in PostgreSQL's `rate_limits` table (migration 10)
 * when the database is PostgreSQL, which several instances may share; in this process's
 * memory on SQLite, which only one server process uses.
 */
export interface LimiterOptions {
  /** Names the count (a key prefix in the shared table). */
  keyPrefix: string;
  points: number;
  /** Seconds. */
  duration: number;
}
export type Limiter = RateLimiterMemory | RateLimiterPostgres;

const inMemory = new Map<string, RateLimiterMemory>();
const inDatabase = new WeakMap<Db, Map<string, RateLimiterPostgres>>();

export function sharedLimiter(db: Db, o: LimiterOptions): Limiter {
  const name = `${o.keyPrefix}/${o.points}/${o.duration}`;
  if (!db.pgPool) {
    const kept = inMemory.get(name) ?? new RateLimiterMemory(o);
    inMemory.set(name, kept);
    return kept;
  }
  const byName = inDatabase.get(db) ?? new Map<string, RateLimiterPostgres>();
  inDatabase.set(db, byName);
  const kept =
    byName.get(name) ??
    new RateLimiterPostgres({
      ...o,
      storeClient: db.pgPool,
      storeType: 'pool',
      tableName: 'rate_limits',
      tableCreated: true, // by the migrations: no DDL at run time
    });
  byName.set(name, kept);
  return kept;
}

/** Counts one for `key`; returns how far over the limit this one is (0: within it). */
export async function countOne(limiter: Limiter, key: string): Promise<number> {
  return Math.max(0, (await consumed(limiter, key, 1)) - limiter.points);
}

/**
 * Counts `n` for `key` at once (one round trip for many arrivals); returns how many of them,
 * in order, are within the limit.
 */
export async function countMany(limiter: Limiter, key: string, n: number): Promise<number> {
  const before = (await consumed(limiter, key, n)) - n;
  return Math.max(0, Math.min(n, limiter.points - before));
}

/** The points consumed for `key` in this window, these included. */
async function consumed(limiter: Limiter, key: string, n: number): Promise<number> {
  try {
    return (await limiter.consume(key, n)).consumedPoints;
  } catch (e) {
    // Over the limit, rate-limiter-flexible rejects with its result; anything else is a fault.
    if (e instanceof RateLimiterRes) return e.consumedPoints;
    throw e;
  }
}
