import { openPostgres } from '@/lib/db/postgres';
import { env } from '@/lib/env';
import { BackupError, backupPostgres, backupSqlite } from '@/lib/ops/backup';
import { keyAdvice, runOpsCommand } from './ops-command';

/**
 * `npm run backup -- <file>`: a consistent copy of the database while the server serves
 * (lib/ops/backup.ts). The file is made 0600; it holds no key, and the command says which key
 * to keep with it.
 */
async function main() {
  const [target] = process.argv.slice(2);
  if (!target || target.startsWith('-')) throw new BackupError('Usage: npm run backup -- <file>   (a new file)');
  const e = env();
  const started = Date.now();
  let made: Awaited<ReturnType<typeof backupSqlite>>;
  if (e.DATABASE_URL) {
    const db = openPostgres(e.DATABASE_URL, 1);
    const version = Number((await db.get<{ v: string }>('SHOW server_version_num'))?.v ?? 0);
    await db.close();
    made = await backupPostgres(e.DATABASE_URL, target, Math.floor(version / 10000));
  } else made = await backupSqlite(e.dataDir, target);
  const mib = (made.bytes / 1024 / 1024).toFixed(1);
  process.stdout.write(
    `Backed up the ${e.DATABASE_URL ? 'PostgreSQL' : 'SQLite'} database to ${made.file} (${mib} MiB, schema version ${made.schema}) in ${((Date.now() - started) / 1000).toFixed(1)} s.\n${keyAdvice()}\n`,
  );
}

runOpsCommand(main);
