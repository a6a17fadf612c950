import { addressKey, nameWords } from '@/lib/domain/search-text';
import { d } from './history';
import type { MigrationLog } from './migrate';
import type { Db, Queryable } from './types';

/**
 * What people are found by, kept beside them in any table that search reads (lib/db/search.ts):
 * an `address_key` column (the address in lower case, every script) and a table of the name's
 * words (lower case, without accents), both computed by lib/domain/search-text.ts, never by the
 * database (SQLite's lower() folds only ASCII). Every write of a row's name or address keeps
 * them: the owner's writes call here.
 *
 * Rows written before the keys existed (or by an older instance during a rolling upgrade) have
 * none (`address_key IS NULL`): `fillSearchKeys` gives them theirs a chunk at a time, each chunk
 * a short transaction that changes only its own rows, and only those still as read. The indexes
 * search reads are built after that (`ensureIndexes`, `ensureTrigrams`): on PostgreSQL
 * CONCURRENTLY, so the table stays writable while they build.
 */
export interface KeyedTable {
  table: string;
  /** The row's id. */
  id: string;
  /** The words of each row's name: `(app_id, word, <id>)`. */
  words: { table: string; id: string };
}

const CHUNK = 5000;

/**
 * The schema of `t`'s search keys, for its migration: the address key column (NULL until
 * computed) and the table of its names' words, with an index by row (`wordsIndex`).
 */
export function searchKeysSql(dialect: Db['dialect'], t: KeyedTable, wordsIndex: string): string {
  const { bytes, clustered } = d(dialect);
  return `
ALTER TABLE ${t.table} ADD COLUMN address_key TEXT${bytes}; -- NULL until computed (lib/domain/search-text.ts)
CREATE TABLE ${t.words.table} (
  app_id BIGINT NOT NULL,
  word TEXT${bytes} NOT NULL, -- a word of the name: lower case, no accents
  ${t.words.id} BIGINT NOT NULL REFERENCES ${t.table}(${t.id}) ON DELETE CASCADE,
  PRIMARY KEY (app_id, word, ${t.words.id})
)${clustered};
CREATE INDEX ${wordsIndex} ON ${t.words.table} (${t.words.id});`;
}

type Named = { appId: number; id: number; name: string };

/** The words of `row`'s name, replacing the ones it had. */
export async function putNameWords(q: Queryable, dialect: Db['dialect'], t: KeyedTable, row: Named): Promise<void> {
  const words = nameWords(row.name);
  await q.run(
    `DELETE FROM ${t.words.table} WHERE ${t.words.id} = ?${words.length ? ` AND word NOT IN (${words.map(() => '?').join(', ')})` : ''}`,
    [row.id, ...words],
  );
  await insertNameWords(q, dialect, t, [row]);
}

/**
 * The words of rows' names, any number of them in one statement: handed over as one JSON array
 * (read by json_each on SQLite, json_array_elements on PostgreSQL; a statement per few hundred
 * rows took PostgreSQL 109 s to key a million users).
 */
export async function insertNameWords(
  q: Queryable,
  dialect: Db['dialect'],
  t: KeyedTable,
  rows: readonly Named[],
): Promise<void> {
  const named = rows.flatMap((r) => {
    const words = nameWords(r.name);
    return words.length ? [{ app: r.appId, id: r.id, words }] : [];
  });
  if (!named.length) return;
  await q.run(
    `INSERT INTO ${t.words.table} (app_id, word, ${t.words.id})
     SELECT CAST(j.value ->> 'app' AS BIGINT), w.value, CAST(j.value ->> 'id' AS BIGINT)
     FROM ${jsonRows(dialect, 'elements', jsonParam(dialect))} AS j, ${jsonRows(dialect, 'text', "j.value -> 'words'")} AS w
     WHERE true ON CONFLICT (app_id, word, ${t.words.id}) DO NOTHING`,
    [JSON.stringify(named)],
  );
}

const jsonParam = (dialect: Db['dialect']) => (dialect === 'postgres' ? '?::json' : '?');
const jsonRows = (dialect: Db['dialect'], fn: 'elements' | 'text', of: string) =>
  dialect === 'postgres' ? `json_array_elements${fn === 'text' ? '_text' : ''}(${of})` : `json_each(${of})`;

/** Keys for rows written without them: their address keys, then their names' words. */
async function keyRows(
  q: Queryable,
  dialect: Db['dialect'],
  t: KeyedTable,
  rows: readonly (Named & { address: string })[],
): Promise<void> {
  if (!rows.length) return;
  // Only a row whose name is still the one read (no lock was taken: a change meanwhile keyed
  // it, with its new name's words, and wins).
  const keyed = new Set(
    (
      await q.all<{ id: number }>(
        `UPDATE ${t.table} SET address_key = j.value ->> 'key' FROM ${jsonRows(dialect, 'elements', jsonParam(dialect))} AS j
         WHERE ${t.table}.${t.id} = CAST(j.value ->> 'id' AS BIGINT) AND ${t.table}.name = j.value ->> 'name'
           AND ${t.table}.address_key IS NULL RETURNING ${t.table}.${t.id} AS id`,
        [JSON.stringify(rows.map((r) => ({ id: r.id, key: addressKey(r.address), name: r.name })))],
      )
    ).map((r) => Number(r.id)),
  );
  await insertNameWords(
    q,
    dialect,
    t,
    rows.filter((r) => keyed.has(r.id)),
  );
}

/**
 * Gives every row without keys its keys, a chunk at a time; `progress` hears how many are done
 * of how many were missing. Returns how many it keyed.
 */
export async function fillSearchKeys(
  db: Db,
  t: KeyedTable,
  progress?: (done: number, missing: number) => void,
): Promise<number> {
  const missing = Number(
    (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t.table} WHERE address_key IS NULL`))?.n ?? 0,
  );
  if (missing === 0) return 0;
  progress?.(0, missing);
  let done = 0;
  let after = 0; // in id order, so each chunk starts where the last one ended (no rescan)
  for (;;) {
    const seen = await db.tx(async (q) => {
      const rows = await q.all<{ id: number; app_id: number; address: string; name: string }>(
        `SELECT ${t.id} AS id, app_id, address, name FROM ${t.table} WHERE ${t.id} > ? AND address_key IS NULL ORDER BY ${t.id} LIMIT ${CHUNK}`,
        [after],
      );
      await keyRows(
        q,
        db.dialect,
        t,
        rows.map((r) => ({ id: Number(r.id), appId: Number(r.app_id), address: r.address, name: r.name })),
      );
      return rows.map((r) => Number(r.id));
    });
    done += seen.length;
    progress?.(Math.min(done, missing), missing);
    if (seen.length < CHUNK) return done;
    after = seen[seen.length - 1];
  }
}

/**
 * Indexes (`[name, "table (columns)"]`) built after the keys (an index already there would take
 * every one of a million updates too): on PostgreSQL CONCURRENTLY (one left invalid by an
 * interrupted build is built again).
 */
export async function ensureIndexes(db: Db, indexes: readonly [string, string][]): Promise<void> {
  for (const [name, columns] of indexes) {
    if (db.dialect === 'sqlite') {
      await db.exec(`CREATE INDEX IF NOT EXISTS ${name} ON ${columns}`);
      continue;
    }
    const invalid = await db.get(
      `SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       WHERE c.relname = ? AND c.relnamespace = current_schema()::regnamespace AND NOT i.indisvalid`,
      [name],
    );
    if (invalid) await db.exec(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
    await db.exec(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${name} ON ${columns}`);
  }
}

/** The expression of "by name, A–Z, case aside" (an index on it, and lib/db/search.ts's order). */
export const nameOrder = (dialect: Db['dialect'], column: string) =>
  dialect === 'postgres' ? `lower(${column}) COLLATE "C"` : `${column} COLLATE NOCASE`;

/**
 * What a `*` pattern inside an address reads (`*ravi.okafor*`): the trigrams of every address key
 * of `t`. SQLite: an FTS5 table of the trigram tokenizer (`fts`) over `address_key` (external
 * content, kept by triggers), built whole the first time. PostgreSQL: pg_trgm's GIN index, when
 * the extension is there or may be created (else patterns still work, by a scan, and the start
 * says so). Returns whether patterns have their index.
 */
export async function ensureTrigrams(
  db: Db,
  t: Pick<KeyedTable, 'table' | 'id'> & { fts: string },
  logger?: MigrationLog,
): Promise<boolean> {
  if (db.dialect === 'sqlite') {
    if (await db.get('SELECT 1 FROM sqlite_master WHERE name = ?', [t.fts])) return true;
    await db.tx(async (q) => {
      // Asked again under the write lock: another process may have built it meanwhile.
      if (await q.get('SELECT 1 FROM sqlite_master WHERE name = ?', [t.fts])) return;
      await q.exec(`
CREATE VIRTUAL TABLE ${t.fts} USING fts5(address_key, content = '${t.table}', content_rowid = '${t.id}', tokenize = 'trigram', detail = 'none');
CREATE TRIGGER ${t.fts}_added AFTER INSERT ON ${t.table} BEGIN
  INSERT INTO ${t.fts} (rowid, address_key) VALUES (NEW.${t.id}, NEW.address_key);
END;
CREATE TRIGGER ${t.fts}_removed AFTER DELETE ON ${t.table} BEGIN
  INSERT INTO ${t.fts} (${t.fts}, rowid, address_key) VALUES ('delete', OLD.${t.id}, OLD.address_key);
END;
CREATE TRIGGER ${t.fts}_changed AFTER UPDATE OF address_key ON ${t.table} BEGIN
  INSERT INTO ${t.fts} (${t.fts}, rowid, address_key) VALUES ('delete', OLD.${t.id}, OLD.address_key);
  INSERT INTO ${t.fts} (rowid, address_key) VALUES (NEW.${t.id}, NEW.address_key);
END;
INSERT INTO ${t.fts} (${t.fts}) VALUES ('rebuild');`);
    });
    return true;
  }
  const schema = async () =>
    (
      await db.get<{ schema: string }>(
        "SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'",
      )
    )?.schema;
  if ((await schema()) === undefined) {
    // One extension per database (in `public`, so every schema's tables may use it); a trusted
    // extension since PostgreSQL 13: the database's owner may create it.
    await db.exec('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public').catch((e: Error) => {
      logger?.info?.(
        { error: e.message },
        'patterns: pg_trgm could not be created here; * patterns inside addresses will scan (ask the database owner to run CREATE EXTENSION pg_trgm)',
      );
    });
  }
  const ops = await schema();
  if (ops === undefined) return false;
  await ensureIndexes(db, [[`${t.fts}`, `${t.table} USING gin (address_key "${ops}".gin_trgm_ops)`]]);
  return true;
}

/**
 * Everything search needs of `t` after its migration, at every start (cheap once done): the keys
 * of rows without them (every row, the first start after the upgrade: said at the start and as
 * it goes, ~10 s a million on SQLite), then its indexes, then its trigrams.
 */
export async function prepareSearch(
  db: Db,
  t: KeyedTable & { what: string; indexes: readonly [string, string][]; fts: string },
  log: MigrationLog,
): Promise<void> {
  let said = 0;
  await fillSearchKeys(db, t, (done, missing) => {
    if (done === 0)
      log.info?.(
        { missing },
        `search keys: giving ${missing.toLocaleString('en')} ${t.what} theirs (once, after an upgrade)`,
      );
    else if (done === missing || done - said >= missing / 10) {
      said = done;
      log.info?.(
        { done, missing },
        `search keys: ${done.toLocaleString('en')} of ${missing.toLocaleString('en')} ${t.what}`,
      );
    }
  });
  // After the keys: an index already there would take every one of a million updates too.
  await ensureIndexes(db, t.indexes);
  await ensureTrigrams(db, t, log);
}
