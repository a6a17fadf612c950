import { productMigrations } from '@/lib/backend';
import { CONSOLE_MIGRATIONS } from '@/lib/console/migrations';
import { migrate } from '@/lib/db/migrate';
import { openPostgres } from '@/lib/db/postgres';
import { openSqlite } from '@/lib/db/sqlite';

/**
 * A process that migrates a database (a SQLite data folder, or a PostgreSQL URL) with one more
 * migration than the release has: `slow` fills a table for minutes (to be killed midway),
 * `quick` makes it at once. tests/unit/backend/migrate.test.ts kills it.
 */
export const EXTRA_VERSION = 100_000;
const [where, mode] = process.argv.slice(2);
const db = where.startsWith('postgres') ? openPostgres(where, 1) : openSqlite(where);
const fill = (dialect: string) =>
  dialect === 'postgres'
    ? 'INSERT INTO migrated_midway SELECT generate_series(1, 500000000);'
    : 'INSERT INTO migrated_midway WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 500000000) SELECT n FROM c;';
const extra = {
  version: EXTRA_VERSION,
  name: 'a test migration',
  sql: (dialect: string) => `CREATE TABLE migrated_midway (n BIGINT);\n${mode === 'slow' ? fill(dialect) : ''}`,
};
process.stdout.write('migrating\n');
migrate(db, [...productMigrations(CONSOLE_MIGRATIONS), extra]).then(async (applied) => {
  process.stdout.write(`applied ${applied.join(',')}\n`);
  await db.close();
});
