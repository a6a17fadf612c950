import type { Db } from './types';

/**
 * The one migrations runner, under the engine and the console alike: each owner keeps its
 * own migrations, and they are applied in one ordered history of versions (recorded in
 * `schema_migrations`), each once. Several servers may start at once on one PostgreSQL: one
 * migrates while the rest wait on its lock.
 */
export interface Migration {
  version: number;
  name: string;
  sql: (dialect: Db['dialect']) => string;
  /**
   * What the migration leaves to run outside its transaction, at every start after the
   * migrations (so it must be cheap once done): filling a column a chunk at a time, building an
   * index CONCURRENTLY. Several servers starting at once run it one after another.
   */
  after?: (db: Db, log: MigrationLog) => Promise<void>;
}
export interface MigrationLog {
  info?(obj: Record<string, unknown>, msg: string): void;
}

/** The database was migrated by a newer release than this one: it is not touched. */
export class NewerDatabaseError extends Error {
  constructor(
    readonly database: number,
    readonly known: number,
  ) {
    super(
      `This database is from a newer release (schema version ${database}; this release knows up to ${known}). Start that release or a later one, or restore a backup made by this one into an empty data folder or database.`,
    );
  }
}

export async function migrate(db: Db, migrations: readonly Migration[]): Promise<number[]> {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  for (let i = 1; i < ordered.length; i++)
    if (ordered[i].version === ordered[i - 1].version)
      throw new Error(`two migrations claim version ${ordered[i].version}`);
  return db.tx(async (q) => {
    // Several servers may start at once on one PostgreSQL: let one migrate, the rest wait.
    // The lock comes first: two concurrent CREATE TABLE IF NOT EXISTS can both find the
    // table missing, and the second then fails on PostgreSQL's catalog.
    if (db.dialect === 'postgres') await q.exec('SELECT pg_advisory_xact_lock(7735001)');
    await q.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ts BIGINT NOT NULL)',
    );
    const done = new Set(
      (await q.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)),
    );
    // A version this release does not know: a newer release migrated it; nothing is changed.
    const known = ordered.at(-1)?.version ?? 0;
    const newest = Math.max(0, ...done);
    if (newest > known) throw new NewerDatabaseError(newest, known);
    const applied: number[] = [];
    for (const m of ordered) {
      if (done.has(m.version)) continue;
      await q.exec(m.sql(db.dialect));
      await q.run('INSERT INTO schema_migrations (version, name, applied_ts) VALUES (?, ?, ?)', [
        m.version,
        m.name,
        Math.floor(Date.now() / 1000),
      ]);
      applied.push(m.version);
    }
    return applied;
  });
}
