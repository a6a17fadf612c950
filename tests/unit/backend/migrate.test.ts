import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_MIGRATIONS } from '@/lib/backend/migrations';
import { CONSOLE_MIGRATIONS } from '@/lib/console/migrations';
import { HISTORY } from '@/lib/db/history';
import { migrate, NewerDatabaseError } from '@/lib/db/migrate';
import { type TestEngine, testEngine } from '../../helpers/engine';

/** Migrations on a database already migrated (SQLite, and PostgreSQL with TEST_DATABASE_URL). */
const ALL = [...HISTORY, ...ENGINE_MIGRATIONS, ...CONSOLE_MIGRATIONS];
const LATEST = Math.max(...ALL.map((m) => m.version));

let t: TestEngine;
beforeAll(async () => {
  t = await testEngine();
});
afterAll(async () => t.close());

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

  it('a database from a newer release is refused, naming both schema versions, and left as it is', async () => {
    await t.db.run("INSERT INTO schema_migrations (version, name, applied_ts) VALUES (?, 'from a newer release', 0)", [
      LATEST + 5,
    ]);
    const before = await versions();
    const refused = await migrate(t.db, ALL).catch((e) => e);
    expect(refused).toBeInstanceOf(NewerDatabaseError);
    expect(String(refused.message)).toContain(`schema version ${LATEST + 5}; this release knows up to ${LATEST}`);
    expect(await versions()).toEqual(before);
  });
});
