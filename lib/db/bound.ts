import type { Db, Queryable } from './types';

/**
 * A database whose every call runs inside one open transaction `q`: code written against
 * `Db` (an op that opens its own `tx`, or writes with `write`) then joins the caller's
 * transaction instead of starting one. Nested `tx` calls run in place: the caller decides
 * where a unit of work begins and ends (a savepoint per row, in a bulk run).
 *
 * Reads see the transaction's own writes; nothing is cached (`readVersion` is undefined).
 */
export function boundTo(db: Db, q: Queryable): Db {
  return {
    dialect: db.dialect,
    pgPool: db.pgPool,
    all: (sql, params) => q.all(sql, params),
    get: (sql, params) => q.get(sql, params),
    run: (sql, params) => q.run(sql, params),
    exec: (sql) => q.exec(sql),
    write: (sql, params) => q.all(sql, params),
    tx: (fn) => fn(q),
    readVersion: async () => undefined,
    integrityCheck: () => db.integrityCheck(),
    close: async () => {
      throw new Error('A database bound to a transaction is closed by its owner, not by its borrower.');
    },
  };
}

export type SavepointOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `fn` inside a savepoint of the open transaction `q`: what it wrote stays when it
 * returns and is undone when it throws, while the transaction itself goes on. Both SQLite
 * and PostgreSQL speak the same three statements.
 */
export async function inSavepoint<T>(q: Queryable, fn: () => Promise<T>): Promise<SavepointOutcome<T>> {
  await q.run('SAVEPOINT unit');
  try {
    const value = await fn();
    await q.run('RELEASE unit');
    return { ok: true, value };
  } catch (error) {
    await q.run('ROLLBACK TO unit');
    await q.run('RELEASE unit');
    return { ok: false, error };
  }
}
