import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { postJson } from '../helpers/http';
import { type RunningServer, startServer } from '../helpers/server';

/**
 * `npm run backup` while 16 writers write, then `npm run restore` into an empty target: every
 * write acknowledged before the backup began is in it, and the restored server starts and
 * serves. Restore refuses a target that holds a database, another kind of file, the other
 * engine's backup, one from a newer release and a damaged one, each by its reason.
 *
 * SQLite always; PostgreSQL when scripts/test-postgres.sh names two throwaway databases
 * (TEST_BACKUP_SOURCE_URL, TEST_BACKUP_TARGET_URL) that the suite may empty.
 */
const TOKEN = 'backuptest0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefg';
const KEY = crypto.randomBytes(32).toString('base64');
const SESSION_SECRET = crypto.randomBytes(32).toString('base64');
const root = path.resolve(import.meta.dirname, '../..');
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** Where one engine's database lives, and how the test reads and empties it. */
interface Engine {
  name: string;
  fileName: string;
  /** The environment of the server, backup and restore for the source or the target. */
  env: (side: 'source' | 'target', dataDir: string) => Record<string, string>;
  addresses: (dataDir: string) => Promise<Set<string>>;
  /** What else a restore leaves behind (PostgreSQL: planner statistics, which pg_dump does not keep). */
  restoredAlso?: () => Promise<void>;
  /** Marks the restored database as one from a newer release and backs it up to `file`. */
  newerBackup: (dataDir: string, file: string) => Promise<void>;
  /** An empty target for a refused restore, and whether it is still empty afterwards. */
  emptyTarget: () => Promise<{ dataDir: string; isEmpty: () => Promise<boolean> }>;
  notEmpty: RegExp;
  otherEngineFile: () => string;
  otherEngine: RegExp;
}

function cli(script: 'backup' | 'restore', file: string, env: Record<string, string>) {
  return spawnSync(process.execPath, ['scripts/run.mjs', `scripts/${script}.ts`, file], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env } as unknown as NodeJS.ProcessEnv,
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

/** 16 writers adding users until stopped; each acknowledged write is kept with its time. */
function writers(server: RunningServer) {
  const acked: { address: string; at: number }[] = [];
  let writing = true;
  const one = async (w: number) => {
    for (let n = 0; writing; n++) {
      const address = `writer-${w}-${n}`;
      const r = await postJson(`${server.url}/backend`, { op: 'useradd', token: TOKEN, user: { address } });
      if ((r.json as { result?: boolean })?.result) acked.push({ address, at: Date.now() });
    }
  };
  const all = Array.from({ length: 16 }, (_, w) => one(w));
  return {
    acked,
    stop: async () => {
      writing = false;
      await Promise.all(all);
    },
  };
}

function backupUnderLoad(engine: Engine) {
  return async () => {
    const source = tmp('mesibo-backup-source-');
    const server = await startServer({ ...engine.env('source', source), MESIBO_APP_TOKEN: TOKEN });
    const load = writers(server);
    await new Promise((r) => setTimeout(r, 1500));
    const file = path.join(tmp('mesibo-backup-'), engine.fileName);
    const began = Date.now();
    const backup = await started(
      spawn(process.execPath, ['scripts/run.mjs', 'scripts/backup.ts', file], {
        cwd: root,
        env: { PATH: process.env.PATH, ...engine.env('source', source) } as unknown as NodeJS.ProcessEnv,
      }),
    );
    await new Promise((r) => setTimeout(r, 500)); // the writers go on past it
    await load.stop();
    await server.stop();
    expect(backup.status, backup.out).toBe(0);
    expect(backup.out).toMatch(
      new RegExp(
        `Backed up the ${engine.name} database to .*${engine.fileName} \\([\\d.]+ MiB, schema version \\d+\\)`,
      ),
    );
    expect(backup.out).toContain('The backup holds no key. Keep CONSOLE_SECRET_KEY');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const before = load.acked.filter((a) => a.at < began);
    expect(before.length).toBeGreaterThan(100);
    expect(load.acked.length).toBeGreaterThan(before.length); // writes went on during the backup

    // Into an empty target, with only the key kept apart from the backup (SQLite's key file;
    // on PostgreSQL the key is CONSOLE_SECRET_KEY).
    const target = tmp('mesibo-restored-');
    const keyFile = path.join(source, 'console-secret-key');
    if (fs.existsSync(keyFile)) fs.copyFileSync(keyFile, path.join(target, 'console-secret-key'));
    const restored = cli('restore', file, engine.env('target', target));
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(new RegExp(`Restored .*${engine.fileName} \\(schema version \\d+\\) into`));
    const present = await engine.addresses(target);
    expect(before.filter((a) => !present.has(a.address))).toEqual([]);
    await engine.restoredAlso?.();
    const again = await startServer({ ...engine.env('target', target), MESIBO_APP_TOKEN: TOKEN });
    const last = before[before.length - 1].address;
    const found = await postJson(`${again.url}/backend`, {
      op: 'usersget',
      token: TOKEN,
      user: { address: last, exact: true },
    });
    await again.stop();
    expect(found.json).toMatchObject({ result: true });
    expect(JSON.stringify(found.json)).toContain(last);

    // Refused, each by its reason, and nothing changed.
    const refused = async (f: string) => {
      const to = await engine.emptyTarget();
      const r = cli('restore', f, engine.env('target', to.dataDir));
      expect(r.status).toBe(1);
      expect(await to.isEmpty()).toBe(true);
      return r.stderr;
    };
    const r = cli('restore', file, engine.env('target', target));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(engine.notEmpty);
    const text = path.join(path.dirname(file), 'notes.txt');
    fs.writeFileSync(text, 'not a database at all\n');
    expect(await refused(text)).toMatch(/is not a backup of this product/);
    expect(await refused(engine.otherEngineFile())).toMatch(engine.otherEngine);
    const newer = path.join(path.dirname(file), `newer-${engine.fileName}`);
    await engine.newerBackup(target, newer);
    expect(await refused(newer)).toMatch(
      /is from a newer release \(schema version 9999; this release knows up to \d+\)/,
    );
    const damaged = path.join(path.dirname(file), `damaged-${engine.fileName}`);
    const bytes = fs.readFileSync(file);
    const cut = Math.floor(bytes.length / 2);
    fs.writeFileSync(damaged, Buffer.concat([bytes.subarray(0, cut), Buffer.alloc(bytes.length - cut, 0x5a)]));
    expect(await refused(damaged)).toMatch(/is damaged: .+|restored nothing: .+/);
    // And a backup never overwrites a file.
    const over = cli('backup', file, engine.env('target', target));
    expect(over.status).toBe(1);
    expect(over.stderr).toMatch(/exists already: name a new file/);
  };
}

const sqlite: Engine = {
  name: 'SQLite',
  fileName: 'backup.db',
  env: (_side, dataDir) => ({ DATA_DIR: dataDir }),
  addresses: async (dataDir) => {
    const db = new Database(path.join(dataDir, 'mesibo.db'), { readonly: true });
    try {
      return new Set(db.prepare("SELECT address FROM users WHERE address LIKE 'writer-%'").pluck().all() as string[]);
    } finally {
      db.close();
    }
  },
  newerBackup: async (dataDir, file) => {
    fs.copyFileSync(path.join(dataDir, 'mesibo.db'), file);
    const db = new Database(file);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_ts) VALUES (9999, 'from the future', 0)").run();
    db.close();
  },
  emptyTarget: async () => {
    const dataDir = tmp('mesibo-restore-refused-');
    return { dataDir, isEmpty: async () => !fs.existsSync(path.join(dataDir, 'mesibo.db')) };
  },
  notEmpty: /holds a database already \(mesibo\.db\): restore goes into an empty data folder/,
  otherEngineFile: () => {
    const f = path.join(tmp('mesibo-other-'), 'dump.pgdump');
    fs.writeFileSync(f, Buffer.concat([Buffer.from('PGDMP'), Buffer.alloc(64)]));
    return f;
  },
  otherEngine: /is a PostgreSQL backup: restore it with DATABASE_URL set to an empty database/,
};

describe('backup and restore on SQLite', () => {
  it(
    'a backup taken under 16 writers holds every write acknowledged before it began; restored, the server serves',
    backupUnderLoad(sqlite),
  );
});

const PG_SOURCE = process.env.TEST_BACKUP_SOURCE_URL;
const PG_TARGET = process.env.TEST_BACKUP_TARGET_URL;

async function withClient<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

/** Drops every table of the database's public schema (the throwaway databases only). */
const emptyDatabase = (url: string) =>
  withClient(url, (c) => c.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public'));
const tableCount = (url: string) =>
  withClient(url, async (c) => {
    const r = await c.query(
      "SELECT COUNT(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    return r.rows[0].n as number;
  });

function postgres(sourceUrl: string, targetUrl: string): Engine {
  const url = (side: 'source' | 'target') => (side === 'source' ? sourceUrl : targetUrl);
  return {
    name: 'PostgreSQL',
    fileName: 'backup.pgdump',
    env: (side, dataDir) => ({
      DATA_DIR: dataDir,
      DATABASE_URL: url(side),
      CONSOLE_SECRET_KEY: KEY,
      NEXTAUTH_SECRET: SESSION_SECRET,
    }),
    addresses: () =>
      withClient(targetUrl, async (c) => {
        const r = await c.query("SELECT address FROM users WHERE address LIKE 'writer-%'");
        return new Set(r.rows.map((row) => row.address as string));
      }),
    restoredAlso: () =>
      withClient(targetUrl, async (c) => {
        const r = await c.query(
          "SELECT relname FROM pg_stat_user_tables WHERE schemaname = 'public' AND last_analyze IS NULL AND relname IN ('users', 'operators', 'console_apps')",
        );
        expect(r.rows, 'tables restored without planner statistics').toEqual([]);
      }),
    newerBackup: async (_dataDir, file) => {
      await withClient(targetUrl, (c) =>
        c.query("INSERT INTO schema_migrations (version, name, applied_ts) VALUES (9999, 'from the future', 0)"),
      );
      const u = new URL(targetUrl);
      const password = decodeURIComponent(u.password);
      u.password = '';
      const r = spawnSync('pg_dump', ['--format=custom', '--no-owner', '--file', file, '--dbname', u.toString()], {
        env: { ...process.env, PGPASSWORD: password },
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
    },
    // The source database, emptied: the target still holds the restored one.
    emptyTarget: async () => {
      await emptyDatabase(sourceUrl);
      const dataDir = tmp('mesibo-restore-refused-');
      return { dataDir, isEmpty: async () => (await tableCount(sourceUrl)) === 0 };
    },
    notEmpty: /The database of DATABASE_URL holds \d+ table\(s\) already: restore goes into an empty database/,
    otherEngineFile: () => {
      const f = path.join(tmp('mesibo-other-'), 'copy.db');
      fs.writeFileSync(f, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(84)]));
      return f;
    },
    otherEngine: /is a SQLite backup: restore it with DATABASE_URL unset, into an empty data folder/,
  };
}

describe.skipIf(!PG_SOURCE || !PG_TARGET)('backup and restore on PostgreSQL', () => {
  it('a pg_dump taken under 16 writers holds every write acknowledged before it began; restored, the server serves', async () => {
    const engine = postgres(PG_SOURCE as string, PG_TARGET as string);
    await emptyDatabase(engine.env('source', '').DATABASE_URL);
    await emptyDatabase(engine.env('target', '').DATABASE_URL);
    await backupUnderLoad(engine)();
  });
});
