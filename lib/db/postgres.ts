import pg from 'pg';
import type { Db, Param, Queryable, Row } from './types';

/**
 * PostgreSQL through node-postgres. Statements are written with `?` placeholders (the
 * SQLite form); this driver rewrites them to `$n` once per distinct statement and sends
 * them as named prepared statements, so repeated queries skip parsing and planning.
 */

// BIGINT and COUNT() arrive as strings by default; every number we store fits in 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

const translated = new Map<string, { text: string; name: string }>();
function translate(sql: string): { text: string; name: string } {
  let t = translated.get(sql);
  if (!t) {
    let n = 0;
    // No statement of ours has a literal `?` inside a string, so a plain rewrite is exact.
    t = { text: sql.replace(/\?/g, () => `$${++n}`), name: `s${translated.size}` };
    translated.set(sql, t);
  }
  return t;
}

/** `named`: a prepared statement, parsed once per connection (unnamed ones are planned per call). */
function queryable(client: pg.Pool | pg.PoolClient, named = true): Queryable {
  const q = async <T>(sql: string, params: Param[] = []) => {
    const { text, name } = translate(sql);
    return client.query<T & pg.QueryResultRow>({ text, name: named ? name : undefined, values: params });
  };
  return {
    all: async <T = Row>(sql: string, params?: Param[]) => (await q<T>(sql, params)).rows as T[],
    get: async <T = Row>(sql: string, params?: Param[]) => (await q<T>(sql, params)).rows[0] as T | undefined,
    run: async (sql: string, params?: Param[]) => ({ changes: (await q(sql, params)).rowCount ?? 0 }),
    exec: async (sql: string) => {
      await client.query(sql); // simple protocol: several statements, no parameters
    },
  };
}

/**
 * Every statement here reads or writes a few rows by an index, where PostgreSQL's JIT compilation
 * only costs: it took 12 ms of a 20 ms search (it starts on cost estimates, which a join over a
 * million rows reaches whatever its LIMIT). Off for this pool's sessions, with the URL's own options kept.
 */
function withoutJit(url: string): string {
  const u = new URL(url);
  const options = u.searchParams.get('options');
  u.searchParams.set('options', `${options ? `${options} ` : ''}-c jit=off`);
  return u.toString();
}

export function openPostgres(url: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString: withoutJit(url), max, idleTimeoutMillis: 30_000 });
  // An idle client's error (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const base = queryable(pool);
  return {
    dialect: 'postgres',
    pgPool: pool,
    byValue: queryable(pool, false),
    ...base,
    write: base.all, // autocommit: one statement is its own transaction
    async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const value = await fn(queryable(client));
        await client.query('COMMIT');
        return value;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    // No cheap change counter across connections: results are not cached on PostgreSQL.
    readVersion: async () => undefined,
    async integrityCheck() {
      // PostgreSQL has no single integrity pragma; a round trip proves the cluster answers.
      await pool.query('SELECT 1');
      return [];
    },
    async close() {
      await pool.end();
    },
  };
}
