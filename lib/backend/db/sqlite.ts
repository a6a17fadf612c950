import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db, Param, Queryable, Row } from './types';

/**
 * SQLite through better-sqlite3 (synchronous, in-process). Two connections: a writer
 * used inside transactions, serialized by a promise mutex because the engine's code is
 * async, and a reader for everything else, so a read never sees another request's
 * uncommitted write (WAL gives the reader a consistent snapshot).
 */
type Conn = Database.Database;

function open(file: string, readonly: boolean): Conn {
  const db = new Database(file, { readonly, fileMustExist: readonly });
  db.pragma('busy_timeout = 5000');
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
  }
  // Addresses are case-sensitive, so LIKE must be too (and then it can use indexes).
  db.pragma('case_sensitive_like = ON');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  return db;
}

class StatementCache implements Queryable {
  private readonly stmts = new Map<string, Database.Statement>();
  constructor(private readonly conn: Conn) {}

  private prepare(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.conn.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }
  allSync<T>(sql: string, params: Param[] = []): T[] {
    return this.prepare(sql).all(...params) as T[];
  }
  async all<T = Row>(sql: string, params: Param[] = []): Promise<T[]> {
    return this.prepare(sql).all(...params) as T[];
  }
  async get<T = Row>(sql: string, params: Param[] = []): Promise<T | undefined> {
    return this.prepare(sql).get(...params) as T | undefined;
  }
  async run(sql: string, params: Param[] = []): Promise<{ changes: number }> {
    const r = this.prepare(sql).run(...params);
    return { changes: r.changes };
  }
  async exec(sql: string): Promise<void> {
    this.conn.exec(sql);
  }
}

export function openSqlite(dataDir: string, fileName = 'mesibo.db'): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = fileName === ':memory:' ? ':memory:' : path.join(/*turbopackIgnore: true*/ dataDir, fileName);
  const writerConn = open(file, false);
  // An in-memory database cannot be shared between connections: read from the writer.
  const readerConn = file === ':memory:' ? writerConn : open(file, true);
  const writer = new StatementCache(writerConn);
  const reader = readerConn === writerConn ? writer : new StatementCache(readerConn);
  let queue: Promise<unknown> = Promise.resolve();

  const db: Db = {
    dialect: 'sqlite',
    all: (sql, params) => reader.all(sql, params),
    get: (sql, params) => reader.get(sql, params),
    // A write outside tx() still takes the mutex, so it never lands inside another's transaction.
    run: (sql, params) => db.tx((q) => q.run(sql, params)),
    tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
      const result = queue.then(async () => {
        writerConn.exec('BEGIN IMMEDIATE');
        try {
          const value = await fn(writer);
          writerConn.exec('COMMIT');
          return value;
        } catch (e) {
          if (writerConn.inTransaction) writerConn.exec('ROLLBACK');
          throw e;
        }
      });
      queue = result.catch(() => undefined);
      return result;
    },
    exec: (sql) => db.tx((q) => q.exec(sql)),
    async integrityCheck() {
      const rows = writer.allSync<{ integrity_check: string }>('PRAGMA integrity_check');
      return rows.map((r) => r.integrity_check).filter((m) => m !== 'ok');
    },
    async close() {
      await queue;
      if (readerConn !== writerConn) readerConn.close();
      writerConn.close();
    },
  };
  return db;
}
