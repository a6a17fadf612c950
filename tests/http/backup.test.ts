import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { postJson } from '../helpers/http';
import { startServer } from '../helpers/server';

/**
 * `npm run backup` while 16 writers write, then `npm run restore` into an empty data folder:
 * every write acknowledged before the backup began is in it, and the restored server starts
 * and serves. Restore refuses a folder that holds a database, another kind of file, a backup
 * from a newer release and a damaged one, each by its reason.
 */
const TOKEN = 'backuptest0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefg';
const root = path.resolve(import.meta.dirname, '../..');

function cli(script: 'backup' | 'restore', file: string, dataDir: string) {
  return spawnSync(process.execPath, ['scripts/run.mjs', `scripts/${script}.ts`, file], {
    cwd: root,
    env: { PATH: process.env.PATH, DATA_DIR: dataDir } as unknown as NodeJS.ProcessEnv,
    encoding: 'utf8',
  });
}

function started(child: ChildProcess): Promise<{ status: number | null; out: string }> {
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  return new Promise((resolve) => child.on('exit', (status) => resolve({ status, out })));
}

describe('backup and restore on SQLite', () => {
  it('a backup taken under 16 writers holds every write acknowledged before it began; restored, the server serves', async () => {
    const server = await startServer({ MESIBO_APP_TOKEN: TOKEN });
    const acked: { address: string; at: number }[] = [];
    let writing = true;
    const writer = async (w: number) => {
      for (let n = 0; writing; n++) {
        const address = `writer-${w}-${n}`;
        const r = await postJson(`${server.url}/backend`, { op: 'useradd', token: TOKEN, user: { address } });
        if ((r.json as { result?: boolean })?.result) acked.push({ address, at: Date.now() });
      }
    };
    const writers = Array.from({ length: 16 }, (_, w) => writer(w));
    await new Promise((r) => setTimeout(r, 1500));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mesibo-backup-')), 'backup.db');
    const began = Date.now();
    const backup = await started(
      spawn(process.execPath, ['scripts/run.mjs', 'scripts/backup.ts', file], {
        cwd: root,
        env: { PATH: process.env.PATH, DATA_DIR: server.dataDir } as unknown as NodeJS.ProcessEnv,
      }),
    );
    await new Promise((r) => setTimeout(r, 500)); // the writers go on past it
    writing = false;
    await Promise.all(writers);
    await server.stop();
    expect(backup.status, backup.out).toBe(0);
    expect(backup.out).toMatch(/Backed up the SQLite database to .*backup\.db \([\d.]+ MiB, schema version \d+\)/);
    expect(backup.out).toContain('The backup holds no key. Keep CONSOLE_SECRET_KEY: here the key file');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const before = acked.filter((a) => a.at < began);
    expect(before.length).toBeGreaterThan(100);
    expect(acked.length).toBeGreaterThan(before.length); // writes went on during the backup

    // Into an empty data folder, which holds only the key file kept apart from the backup.
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'mesibo-restored-'));
    fs.copyFileSync(path.join(server.dataDir, 'console-secret-key'), path.join(fresh, 'console-secret-key'));
    const restored = cli('restore', file, fresh);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/Restored .*backup\.db \(schema version \d+\) into/);
    const db = new Database(path.join(fresh, 'mesibo.db'), { readonly: true });
    const present = new Set(db.prepare("SELECT address FROM users WHERE address LIKE 'writer-%'").pluck().all());
    db.close();
    expect(before.filter((a) => !present.has(a.address))).toEqual([]);
    const again = await startServer({ DATA_DIR: fresh, MESIBO_APP_TOKEN: TOKEN });
    const one = before[before.length - 1].address;
    const found = await postJson(`${again.url}/backend`, {
      op: 'usersget',
      token: TOKEN,
      user: { address: one, exact: true },
    });
    expect(found.json).toMatchObject({ result: true });
    expect(JSON.stringify(found.json)).toContain(one);
    await again.stop();

    // Refused, each by its reason, and nothing changed.
    const refused = (f: string, dir: string) => {
      const r = cli('restore', f, dir);
      expect(r.status).toBe(1);
      return r.stderr;
    };
    expect(refused(file, fresh)).toMatch(
      /holds a database already \(mesibo\.db\): restore goes into an empty data folder/,
    );
    const empty = () => fs.mkdtempSync(path.join(os.tmpdir(), 'mesibo-restore-refused-'));
    const text = path.join(path.dirname(file), 'notes.txt');
    fs.writeFileSync(text, 'not a database at all\n');
    expect(refused(text, empty())).toMatch(/is not a backup of this product/);
    const newer = path.join(path.dirname(file), 'newer.db');
    fs.copyFileSync(file, newer);
    const n = new Database(newer);
    n.prepare("INSERT INTO schema_migrations (version, name, applied_ts) VALUES (9999, 'from the future', 0)").run();
    n.close();
    expect(refused(newer, empty())).toMatch(
      /is from a newer release \(schema version 9999; this release knows up to \d+\)/,
    );
    const damaged = path.join(path.dirname(file), 'damaged.db');
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(damaged, Buffer.concat([bytes.subarray(0, 8192), Buffer.alloc(bytes.length - 8192, 0x5a)]));
    const dir = empty();
    expect(refused(damaged, dir)).toMatch(/damaged/);
    expect(fs.existsSync(path.join(dir, 'mesibo.db'))).toBe(false);
    // And a backup never overwrites a file.
    const over = cli('backup', file, fresh);
    expect(over.status).toBe(1);
    expect(over.stderr).toMatch(/exists already: name a new file/);
  });
});
