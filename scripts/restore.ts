import { productMigrations } from '@/lib/backend';
import { CONSOLE_MIGRATIONS } from '@/lib/console/migrations';
import { openPostgres } from '@/lib/db/postgres';
import { env } from '@/lib/env';
import { BackupError, restorePostgres, restoreSqlite } from '@/lib/ops/backup';
import { keyAdvice, runOpsCommand } from './ops-command';

/**
 * `npm run restore -- <file>`: a backup of `npm run backup` into an empty data folder (SQLite)
 * or an empty database (DATABASE_URL). Refuses a target that is not empty, a file of another
 * kind, one from a newer release, or a damaged one, each with its reason.
 */
async function main() {
  const [file] = process.argv.slice(2);
  if (!file || file.startsWith('-')) throw new BackupError('Usage: npm run restore -- <file>');
  const e = env();
  const latest = Math.max(...productMigrations(CONSOLE_MIGRATIONS).map((m) => m.version));
  let schema: number;
  if (e.DATABASE_URL) {
    const db = openPostgres(e.DATABASE_URL, 1);
    const tables = Number(
      (
        await db.get<{ n: number }>(
          "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
        )
      )?.n ?? 0,
    );
    try {
      ({ schema } = restorePostgres(file, e.DATABASE_URL, latest, tables));
      // pg_dump keeps no planner statistics: taken now, before the first start plans anything.
      await db.exec('ANALYZE');
    } finally {
      await db.close();
    }
  } else ({ schema } = restoreSqlite(file, e.dataDir, latest));
  process.stdout.write(
    `Restored ${file} (schema version ${schema}${schema < latest ? `; the next start brings it to ${latest}` : ''}) into ${e.DATABASE_URL ? 'the database of DATABASE_URL' : e.dataDir}.\n${keyAdvice()}\n`,
  );
}

runOpsCommand(main);
