import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Backup and restore of the product's database (`npm run backup`, `npm run restore`), while
 * the server serves:
 *
 * - SQLite: SQLite's online backup API, copying every page in one step from one read
 *   transaction (in WAL mode writers go on meanwhile; what the copy holds is the database as
 *   it was when that step began). The copy is one file in rollback-journal mode.
 * - PostgreSQL: `pg_dump` in its custom format, from Debian's `postgresql-client` of a major
 *   version at least the server's; restored with `pg_restore` in one transaction.
 *
 * A backup never holds a key: the server key (CONSOLE_SECRET_KEY, or DATA_DIR's key file) is
 * kept apart, and the restored database opens only with it. Restore goes only into an empty
 * target, and refuses a file of another kind, from a newer release, or damaged, each by name.
 */
export class BackupError extends Error {}

export type BackupKind = 'sqlite' | 'postgres';

const DATABASE_FILE = 'mesibo.db';
const MAGIC: Record<BackupKind, string> = { sqlite: 'SQLite format 3\0', postgres: 'PGDMP' };
/** Tables every database of this product has: a file without them is some other database. */
const OURS = ['schema_migrations', 'console_apps', 'operators'];

/** What a backup file is, by its first bytes. */
export function kindOfFile(file: string): BackupKind | undefined {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    head = Buffer.alloc(16);
    fs.readSync(fd, head, 0, 16, 0);
    fs.closeSync(fd);
  } catch {
    throw new BackupError(`Cannot read ${file}.`);
  }
  return (Object.keys(MAGIC) as BackupKind[]).find(
    (k) => head.subarray(0, MAGIC[k].length).toString('latin1') === MAGIC[k],
  );
}

/** A new file for the backup, 0600 from its first byte; never one that exists. */
function createPrivateFile(target: string): void {
  if (!fs.existsSync(path.dirname(path.resolve(target))))
    throw new BackupError(`The folder of ${target} does not exist.`);
  try {
    fs.writeFileSync(target, '', { mode: 0o600, flag: 'wx' });
  } catch {
    throw new BackupError(`${target} exists already: name a new file (a backup never overwrites one).`);
  }
}

const newest = (versions: number[]) => versions.reduce((a, b) => Math.max(a, b), 0);

export interface BackupMade {
  file: string;
  bytes: number;
  /** The newest schema version it holds. */
  schema: number;
}

export async function backupSqlite(dataDir: string, target: string): Promise<BackupMade> {
  const source = path.join(dataDir, DATABASE_FILE);
  if (!fs.existsSync(source)) throw new BackupError(`No database at ${source}: is DATA_DIR right?`);
  createPrivateFile(target);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // Every page in one step (0x7fffffff): one read transaction, so one moment's database.
    await db.backup(target, { progress: () => 0x7fffffff });
  } catch (e) {
    fs.rmSync(target, { force: true });
    throw new BackupError(`The backup failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    db.close();
  }
  const copy = new Database(target);
  try {
    copy.pragma('journal_mode = DELETE'); // one self-contained file
    const schema = newest(copy.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
    fs.chmodSync(target, 0o600);
    return { file: target, bytes: fs.statSync(target).size, schema };
  } finally {
    copy.close();
  }
}

/** Checks a SQLite backup (ours, whole, not newer than `latest`); returns its schema version. */
function checkSqliteBackup(file: string, latest: number): number {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    throw new BackupError(`${file} cannot be opened as a SQLite database: it is damaged.`);
  }
  try {
    let problems: string[];
    try {
      problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (e) {
      throw new BackupError(`${file} is damaged: ${e instanceof Error ? e.message : String(e)}.`);
    }
    if (problems.join() !== 'ok') throw new BackupError(`${file} is damaged: ${problems.slice(0, 3).join('; ')}.`);
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    if (!OURS.every((t) => tables.has(t)))
      throw new BackupError(`${file} is a SQLite database, but not a backup of this product.`);
    const schema = newest(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
    if (schema > latest) throw newer(file, schema, latest);
    return schema;
  } finally {
    db.close();
  }
}

const newer = (file: string, schema: number, latest: number) =>
  new BackupError(
    `${file} is from a newer release (schema version ${schema}; this release knows up to ${latest}): restore it with that release or a later one.`,
  );

/** Restores a SQLite backup as DATA_DIR's database; the folder must hold none. */
export function restoreSqlite(file: string, dataDir: string, latest: number): { schema: number } {
  const kind = kindOfFile(file);
  if (kind === 'postgres')
    throw new BackupError(`${file} is a PostgreSQL backup: restore it with DATABASE_URL set to an empty database.`);
  if (kind !== 'sqlite') throw new BackupError(`${file} is not a backup of this product (neither SQLite nor pg_dump).`);
  const target = path.join(dataDir, DATABASE_FILE);
  if (['', '-wal', '-shm'].some((s) => fs.existsSync(target + s)))
    throw new BackupError(
      `${dataDir} holds a database already (${DATABASE_FILE}): restore goes into an empty data folder (it may hold the key files).`,
    );
  const schema = checkSqliteBackup(file, latest);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.copyFileSync(file, target, fs.constants.COPYFILE_EXCL);
  fs.chmodSync(target, 0o600);
  return { schema };
}

/* PostgreSQL: pg_dump and pg_restore from Debian's postgresql-client. */

/** The connection for the client tools: the password in PGPASSWORD, never on a command line. */
function pgConnection(url: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { args: ['--dbname', u.toString()], env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** The major version of a client tool, or a BackupError naming the package to install. */
function toolMajor(tool: 'pg_dump' | 'pg_restore'): number {
  const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    throw new BackupError(
      `${tool} is not installed: install Debian's postgresql-client (apt-get install postgresql-client).`,
    );
  return Number(/(\d+)(?:\.\d+)?/.exec(r.stdout)?.[1] ?? 0);
}

function run(tool: 'pg_dump' | 'pg_restore', args: string[], env?: NodeJS.ProcessEnv) {
  const r = spawnSync(tool, args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  // A damaged file can crash pg_restore outright (SIGSEGV, nothing on stderr): say so.
  const why = r.signal ? `${tool} stopped on ${r.signal} reading it` : `${tool} exited with code ${r.status}`;
  return { ok: r.status === 0, out: r.stdout ?? '', err: (r.stderr ?? '').trim() || why };
}

export async function backupPostgres(url: string, target: string, serverMajor: number): Promise<BackupMade> {
  const major = toolMajor('pg_dump');
  if (major < serverMajor)
    throw new BackupError(
      `pg_dump ${major} is older than the PostgreSQL server (${serverMajor}): install postgresql-client ${serverMajor} or later.`,
    );
  createPrivateFile(target);
  const c = pgConnection(url);
  const r = run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', '--file', target, ...c.args], c.env);
  if (!r.ok) {
    fs.rmSync(target, { force: true });
    throw new BackupError(`pg_dump failed: ${r.err}`);
  }
  fs.chmodSync(target, 0o600);
  return { file: target, bytes: fs.statSync(target).size, schema: pgBackupSchema(target) };
}

/** The newest schema version a pg_dump file holds (its schema_migrations rows). */
function pgBackupSchema(file: string): number {
  const r = run('pg_restore', ['--data-only', '--table=schema_migrations', '--file=-', file]);
  if (!r.ok) throw new BackupError(`${file} is damaged: ${r.err}`);
  const rows = r.out.split('\n').filter((l) => /^\d+\t/.test(l));
  return newest(rows.map((l) => Number(l.split('\t')[0])));
}

/** Restores a pg_dump backup into the (empty) database of `url`. */
export function restorePostgres(file: string, url: string, latest: number, targetTables: number): { schema: number } {
  toolMajor('pg_restore');
  const kind = kindOfFile(file);
  if (kind === 'sqlite')
    throw new BackupError(`${file} is a SQLite backup: restore it with DATABASE_URL unset, into an empty data folder.`);
  if (kind !== 'postgres')
    throw new BackupError(`${file} is not a backup of this product (neither SQLite nor pg_dump).`);
  const list = run('pg_restore', ['--list', file]);
  if (!list.ok) throw new BackupError(`${file} is damaged: ${list.err}`);
  if (!OURS.every((t) => new RegExp(`TABLE \\S+ ${t} `).test(list.out)))
    throw new BackupError(`${file} is a pg_dump file, but not a backup of this product.`);
  const schema = pgBackupSchema(file);
  if (schema > latest) throw newer(file, schema, latest);
  if (targetTables > 0)
    throw new BackupError(
      `The database of DATABASE_URL holds ${targetTables} table(s) already: restore goes into an empty database.`,
    );
  const c = pgConnection(url);
  const r = run(
    'pg_restore',
    ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', ...c.args, file],
    c.env,
  );
  if (!r.ok) throw new BackupError(`pg_restore failed, and restored nothing: ${r.err}`);
  return { schema };
}
