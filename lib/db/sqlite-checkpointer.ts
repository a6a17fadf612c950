import { Worker } from 'node:worker_threads';

/**
 * SQLite's checkpoints (copying the write-ahead log back into the database file, then an
 * fsync) run in a worker thread on a connection of their own, so that no request waits for
 * one: done by the writer at a commit, as SQLite does by default, each held the whole event
 * loop up (~50 ms for 40 MiB on a virtual disk), and those pauses were most of the webhook
 * receiver's p99. PASSIVE: a checkpoint never blocks the writer or a reader, and copies what
 * no reader still needs; the writer starts the log over once all of it was copied.
 *
 * Should the worker fail to start or stop working, `onFailure` puts the checkpoints back on
 * the writer, so the log never grows without bound.
 */
// (Run as a script in the worker: a failure is rethrown as a plain Error, which crosses to the
// main thread with its message; better-sqlite3's own errors arrive without theirs.)
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const plain = (e) => new Error((e && e.message) + (e && e.code ? ' (' + e.code + ')' : ''));
let db;
try {
  const Database = require('better-sqlite3');
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_size_limit = ' + workerData.keepBytes);
} catch (e) { throw plain(e); }
const wal = workerData.file + '-wal';
const size = () => { try { return fs.statSync(wal).size; } catch { return 0; } };
setInterval(() => {
  try { if (size() >= workerData.everyBytes) db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { throw plain(e); }
}, workerData.intervalMs);
`;

export interface CheckpointerOptions {
  /** A checkpoint once the log holds this much. */
  everyBytes: number;
  /** The log file is cut back to this size when it starts over. */
  keepBytes: number;
  /** How often the worker looks at the log's size. */
  intervalMs: number;
  onFailure: (err: unknown) => void;
}

export function startCheckpointer(file: string, o: CheckpointerOptions): { stop(): Promise<void> } {
  let failed = false;
  const fail = (err: unknown) => {
    if (failed) return;
    failed = true;
    o.onFailure(err);
  };
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file, everyBytes: o.everyBytes, keepBytes: o.keepBytes, intervalMs: o.intervalMs },
  });
  worker.unref(); // it never keeps the process alive
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (code !== 0) fail(new Error(`the checkpoint worker stopped (exit code ${code})`));
  });
  return {
    async stop() {
      failed = true; // stopping is not a failure
      await worker.terminate();
    },
  };
}
