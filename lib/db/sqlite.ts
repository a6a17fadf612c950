import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ensurePrivateDir, ensurePrivateFile } from '@/lib/util/private-files';
import { startCheckpointer } from './sqlite-checkpointer';
import type { Db, Param, Queryable, Row } from './types';

/**
 * SQLite through better-sqlite3 (synchronous, in-process), tuned for many small requests.
 *
 * Writes: one writer connection and group commit. Transactions queue up; whatever queued
 * during one turn of the event loop runs in a single BEGIN IMMEDIATE ... COMMIT, each in
 * its own SAVEPOINT, so a failing one rolls back alone while the commit cost (the WAL page
 * writes, ~80% of a lone write's time) is shared. Every caller is answered only after the
 * COMMIT that contains its work.
 *
 * Reads: a second, read-only connection, so a read never sees another request's
 * uncommitted write. Starting a read transaction costs several file-lock system calls
 * (~9 µs here, more than a small query), so consecutive reads share one snapshot until
 * this process commits a write or 100 ms pass (changes made by other processes, like the
 * command line, show up within that time).
 */
const MAX_BATCH = 256;
const SNAPSHOT_MS = 100;
const WRITER_CHECKPOINT_PAGES = 10_000;
const WAL_KEEP_BYTES = 64 * 1024 * 1024;

type Conn = Database.Database;

function open(file: string, readonly: boolean): Conn {
  const db = new Database(file, { readonly, fileMustExist: readonly });
  db.pragma('busy_timeout = 5000');
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Checkpoints (the WAL copied into the database, then an fsync) run in a worker thread
    // (sqlite-checkpointer.ts); should it fail, or for a database in memory, the writer makes
    // them every ~40 MiB instead of every 4 MiB: fewer, larger ones measured ~20% more write
    // throughput. The WAL file is cut back afterwards.
    db.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
    db.pragma(`journal_size_limit = ${WAL_KEEP_BYTES}`);
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
  getSync<T>(sql: string, params: Param[] = []): T | undefined {
    return this.prepare(sql).get(...params) as T | undefined;
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
  const file = fileName === ':memory:' ? ':memory:' : path.join(/*turbopackIgnore: true*/ dataDir, fileName);
  if (file !== ':memory:') {
    // Only this account may read the data: the folder 0700, the database 0600 (SQLite gives
    // its -wal and -shm files the database file's mode).
    ensurePrivateDir(dataDir);
    ensurePrivateFile(file);
    for (const extra of ['-wal', '-shm']) if (fs.existsSync(file + extra)) fs.chmodSync(file + extra, 0o600);
  }
  const writerConn = open(file, false);
  const checkpointer =
    file === ':memory:'
      ? undefined
      : startCheckpointer(file, {
          everyBytes: 16 * 1024 * 1024,
          keepBytes: WAL_KEEP_BYTES,
          intervalMs: 100,
          onFailure: (err) => {
            if (writerConn.open) writerConn.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
            console.error('SQLite checkpoints are back on the writer:', err);
          },
        });
  if (checkpointer) writerConn.pragma('wal_autocheckpoint = 0');
  // An in-memory database cannot be shared between connections: read from the writer.
  const readerConn = file === ':memory:' ? writerConn : open(file, true);
  const writer = new StatementCache(writerConn);
  const reader = readerConn === writerConn ? writer : new StatementCache(readerConn);

  let snapshotAt = 0;
  const endSnapshot = () => {
    if (readerConn !== writerConn && readerConn.inTransaction) readerConn.exec('COMMIT');
  };
  const snapshot = (): StatementCache => {
    if (readerConn === writerConn) return reader;
    const now = Date.now();
    if (readerConn.inTransaction && now - snapshotAt < SNAPSHOT_MS) return reader;
    endSnapshot();
    readerConn.exec('BEGIN');
    snapshotAt = now;
    return reader;
  };
  // An idle snapshot would keep the WAL from being checkpointed; let it go.
  const releaser = setInterval(() => {
    if (Date.now() - snapshotAt >= SNAPSHOT_MS) endSnapshot();
  }, SNAPSHOT_MS);
  releaser.unref();

  // Prepared once: parsing them on every job cost more than the savepoints themselves.
  const savepoint = writerConn.prepare('SAVEPOINT job');
  const release = writerConn.prepare('RELEASE job');
  const rollbackTo = writerConn.prepare('ROLLBACK TO job');

  type Job = { fn: (q: Queryable) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
  const queue: Job[] = [];
  let draining = false;
  let idle: Promise<void> = Promise.resolve();

  async function runBatch(batch: Job[]) {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      writerConn.exec('BEGIN IMMEDIATE');
    } catch (error) {
      for (const job of batch) job.reject(error);
      return;
    }
    for (const job of batch) {
      savepoint.run();
      try {
        const value = await job.fn(writer);
        release.run();
        outcomes.push({ ok: true, value });
      } catch (error) {
        rollbackTo.run();
        release.run();
        outcomes.push({ ok: false, error });
      }
    }
    try {
      writerConn.exec('COMMIT');
    } catch (error) {
      if (writerConn.inTransaction) writerConn.exec('ROLLBACK');
      for (const job of batch) job.reject(error);
      return;
    }
    endSnapshot(); // the next read must see what was just committed
    batch.forEach((job, i) => {
      const o = outcomes[i];
      if (o.ok) job.resolve(o.value);
      else job.reject(o.error);
    });
  }

  function drain() {
    draining = true;
    idle = new Promise<void>((done) => {
      // setImmediate: requests that arrived in the same I/O turn join this batch.
      setImmediate(async () => {
        while (queue.length) await runBatch(queue.splice(0, MAX_BATCH));
        draining = false;
        done();
      });
    });
  }

  const db: Db = {
    dialect: 'sqlite',
    all: async (sql, params) => snapshot().allSync(sql, params),
    get: async (sql, params) => snapshot().getSync(sql, params),
    // A write outside tx() is still queued, so it never lands inside another's transaction.
    run: (sql, params) => db.tx((q) => q.run(sql, params)),
    write: (sql, params) => db.tx((q) => q.all(sql, params)),
    tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        if (!draining) drain();
      });
    },
    exec: (sql) => db.tx((q) => q.exec(sql)),
    // data_version changes when another connection (our writer, or another process) commits.
    readVersion: async () =>
      readerConn === writerConn
        ? undefined
        : snapshot().getSync<{ data_version: number }>('PRAGMA data_version')?.data_version,
    async integrityCheck() {
      const rows = writer.allSync<{ integrity_check: string }>('PRAGMA integrity_check');
      return rows.map((r) => r.integrity_check).filter((m) => m !== 'ok');
    },
    async close() {
      clearInterval(releaser);
      while (draining) await idle;
      await checkpointer?.stop();
      endSnapshot();
      if (readerConn !== writerConn) readerConn.close();
      writerConn.close();
    },
  };
  return db;
}
