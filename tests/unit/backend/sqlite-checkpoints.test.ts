import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '@/lib/db/sqlite';
import { startCheckpointer } from '@/lib/db/sqlite-checkpointer';

/**
 * SQLite's checkpoints run in a worker thread (no request waits for one): what was written
 * reaches the database file while the process goes on; a checkpointer that cannot work says
 * so, so the writer takes them back.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesibo-checkpoints-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const size = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);
const until = async (ok: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; !ok() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 50));
  return ok();
};

describe('checkpoints in a worker thread', () => {
  it('copy what was written into the database file while the writer goes on', async () => {
    const db = openSqlite(dir, 'checkpoints.db');
    const file = path.join(dir, 'checkpoints.db');
    await db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data TEXT NOT NULL)');
    const chunk = 'x'.repeat(64 * 1024);
    const write = async (mib: number) => {
      for (let i = 0; i < mib; i++)
        await db.tx(async (q) => {
          for (let k = 0; k < 16; k++) await q.run('INSERT INTO blobs (data) VALUES (?)', [chunk]);
        });
    };
    // 15 MiB, short of the 16 MiB a checkpoint waits for: all still in the log (the writer
    // makes none; however slowly this runs, the worker has no reason to yet).
    await write(15);
    expect(size(file)).toBeLessThan(1024 * 1024);
    await write(5); // 20 MiB: the worker copies it into the file
    expect(await until(() => size(file) >= 20 * 1024 * 1024, 5000)).toBe(true);
    await db.run('INSERT INTO blobs (data) VALUES (?)', [chunk]); // the writer goes on, every row still there
    expect((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM blobs'))?.n).toBe(321);
    await db.close();
  });

  it('one that cannot open the database reports it (the writer then checkpoints itself)', async () => {
    const failure = await new Promise<unknown>((resolve) => {
      startCheckpointer(path.join(dir, 'missing.db'), {
        everyBytes: 1,
        keepBytes: 1,
        intervalMs: 10,
        onFailure: resolve,
      });
    });
    expect(String(failure)).toMatch(/unable to open database file \(SQLITE_CANTOPEN\)/);
  });
});
