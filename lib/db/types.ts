/**
 * The one query layer the engine speaks. Statements are plain SQL written once in the
 * portable subset that SQLite 3.45+ and PostgreSQL 13+ share (`?` placeholders,
 * `ON CONFLICT`, `RETURNING`); each driver translates placeholders and caches prepared
 * statements, so the hot path costs one lookup and one execution.
 */
import type { Pool } from 'pg';

export type Param = string | number | null;
export type Row = Record<string, unknown>;

export interface Queryable {
  all<T = Row>(sql: string, params?: Param[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: Param[]): Promise<T | undefined>;
  run(sql: string, params?: Param[]): Promise<{ changes: number }>;
  /** Runs raw SQL without parameters, several statements allowed (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly dialect: 'sqlite' | 'postgres';
  /** PostgreSQL's pool, for a library that keeps shared state there (rate limits); unset on SQLite. */
  readonly pgPool?: Pool;
  /**
   * Reads whose best plan depends on their values (a range of 3 rows or of 300,000): planned for
   * each call's parameters. PostgreSQL settles on one generic plan for a prepared statement after
   * five calls, which took a search's count from 7 ms to 109 ms. Unset where every statement is
   * planned with its values (SQLite): `all` and `get` then do.
   */
  readonly byValue?: Pick<Queryable, 'all' | 'get'>;
  /**
   * One statement that writes (RETURNING rows), atomic on its own: on PostgreSQL a single
   * round trip without BEGIN and COMMIT; on SQLite a transaction of one.
   */
  write<T = Row>(sql: string, params?: Param[]): Promise<T[]>;
  /** Runs `fn` in one serializable-enough write transaction; any throw rolls it back. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /**
   * A number that changes whenever any committed write becomes visible to reads, or
   * undefined where the database cannot tell cheaply (then results are never cached).
   */
  readVersion(): Promise<number | undefined>;
  /** Database-level integrity check; returns problems found (empty = healthy). */
  integrityCheck(): Promise<string[]>;
  close(): Promise<void>;
}
