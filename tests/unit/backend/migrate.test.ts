import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productMigrations } from '@/lib/backend';
import { CONSOLE_MIGRATIONS } from '@/lib/console/migrations';
import { migrate, NewerDatabaseError } from '@/lib/db/migrate';
import { type TestEngine, testEngine } from '../../helpers/engine';

/** Migrations on a database already migrated (SQLite, and PostgreSQL with TEST_DATABASE_URL). */
const ALL = productMigrations(CONSOLE_MIGRATIONS);
const LATEST = Math.max(...ALL.map((m) => m.version));

let t: TestEngine;
beforeAll(async () => {
  t = await testEngine();
});
afterAll(async () => t.close());

const EXTRA = 100_000; // tests/helpers/migrate-child.ts
const tableExists = async (name: string) =>
  (
    await t.db.all(
      t.db.dialect === 'postgres'
        ? 'SELECT 1 FROM information_schema.tables WHERE table_name = ? AND table_schema = current_schema()'
        : "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
      [name],
    )
  ).length > 0;
const versions = async () =>
  (await t.db.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).map((r) =>
    Number(r.version),
  );

describe('migrations', () => {
  it('never run twice: a second run applies nothing and records each version once', async () => {
    const before = await versions();
    expect(before.at(-1)).toBe(LATEST);
    expect(await migrate(t.db, ALL)).toEqual([]);
    expect(await versions()).toEqual(before);
  });

  it('a migration killed midway leaves the database as it was; the next start completes it', async () => {
    const where = t.location;
    const child = spawn(process.execPath, ['scripts/run.mjs', 'tests/helpers/migrate-child.ts', where, 'slow'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout.on('data', (d) => String(d).includes('migrating') && resolve()));
    await new Promise((r) => setTimeout(r, 1500)); // well inside the filling of the table
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;
    // PostgreSQL notices a client gone only when it next talks to it: its backend, still filling
    // the table inside the migration's transaction, is ended here as a restart would end it.
    if (t.db.dialect === 'postgres')
      await t.db.all(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query LIKE '%migrated_midway%'",
      );
    expect(await versions()).not.toContain(EXTRA);
    expect(await tableExists('migrated_midway')).toBe(false);
    const quick = spawn(process.execPath, ['scripts/run.mjs', 'tests/helpers/migrate-child.ts', where, 'quick'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    quick.stdout.on('data', (d) => {
      out += d;
    });
    await new Promise((r) => quick.on('exit', r));
    expect(out).toContain(`applied ${EXTRA}`);
    expect(await versions()).toContain(EXTRA);
    expect(await tableExists('migrated_midway')).toBe(true);
    // (The next test adds a newer version still: this database has become one of a newer release.)
  });

  it('a database from a newer release is refused, naming both schema versions, and left as it is', async () => {
    await t.db.run("INSERT INTO schema_migrations (version, name, applied_ts) VALUES (?, 'from a newer release', 0)", [
      LATEST + 5,
    ]);
    const before = await versions();
    const refused = await migrate(t.db, ALL).catch((e) => e);
    expect(refused).toBeInstanceOf(NewerDatabaseError);
    expect(String(refused.message)).toMatch(new RegExp(`schema version \\d+; this release knows up to ${LATEST}`));
    expect(await versions()).toEqual(before);
  });
});
