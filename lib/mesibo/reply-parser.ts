import 'server-only';
import { Worker } from 'node:worker_threads';

/**
 * Turns a remote backend's reply (bytes, already capped in size) into a value, without
 * stalling the thread that serves every other request: a reply above `OFF_THREAD_BYTES` is
 * decoded and parsed on a worker thread (parsing 4 MB of JSON takes 30–100 ms here, which
 * would hold up `/backend` for every other app for as long). Lists come back with no more
 * rows than the request asked for (`count`), so a backend that answers 300,000 rows to a
 * request for 25 costs the console 25 rows of validation and rendering, not 300,000.
 *
 * The worker is plain JavaScript evaluated from a string: it has no imports to bundle, and it
 * is created on first need and not kept alive for its own sake (unref).
 */
export const OFF_THREAD_BYTES = 256 * 1024;
const ROW_KEYS = ['users', 'groups', 'members', 'messages'];

/** Keeps at most `maxRows` rows of each list a reply carries. */
export function trimRows(value: unknown, maxRows: number | undefined): unknown {
  if (!maxRows || typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  for (const key of ROW_KEYS) {
    const rows = record[key];
    if (Array.isArray(rows) && rows.length > maxRows) record[key] = rows.slice(0, maxRows);
  }
  return value;
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const ROW_KEYS = ${JSON.stringify(ROW_KEYS)};
parentPort.on('message', ({ id, bytes, maxRows }) => {
  let value;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
  } catch {
    return parentPort.postMessage({ id, ok: false });
  }
  if (maxRows && value && typeof value === 'object')
    for (const key of ROW_KEYS)
      if (Array.isArray(value[key]) && value[key].length > maxRows) value[key] = value[key].slice(0, maxRows);
  parentPort.postMessage({ id, ok: true, json: JSON.stringify(value) });
});
`;

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
let worker: Worker | undefined;
const pending = new Map<number, Pending>();
let nextId = 1;

function parser(): Worker {
  if (worker) return worker;
  const w = new Worker(WORKER_SOURCE, { eval: true });
  w.unref();
  w.on('message', (m: { id: number; ok: boolean; json?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(JSON.parse(m.json as string));
    else p.reject(new SyntaxError('not JSON'));
  });
  const fail = (e: Error) => {
    if (worker === w) worker = undefined;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  w.on('error', fail);
  w.on('exit', () => fail(new Error('reply parser exited')));
  worker = w;
  return w;
}

/** Parses a JSON reply; throws SyntaxError when it is not JSON. */
export function parseReply(bytes: Buffer, maxRows: number | undefined): Promise<unknown> {
  if (bytes.length <= OFF_THREAD_BYTES) {
    try {
      return Promise.resolve(trimRows(JSON.parse(bytes.toString('utf8')), maxRows));
    } catch (e) {
      return Promise.reject(e);
    }
  }
  return new Promise((resolve, reject) => {
    const id = nextId++;
    const w = parser();
    pending.set(id, { resolve, reject });
    w.ref(); // kept alive while it has work
    const copy = new Uint8Array(bytes); // its own buffer, handed over without copying again
    w.postMessage({ id, bytes: copy, maxRows }, [copy.buffer]);
  }).finally(() => {
    if (pending.size === 0) worker?.unref();
  });
}
