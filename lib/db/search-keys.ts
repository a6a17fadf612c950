import { addressKey, nameWords } from '@/lib/domain/search-text';
import { d } from './history';
import type { MigrationLog } from './migrate';
import type { Db, Queryable } from './types';

/**
 * What people and groups are found by, kept beside them in any table that search reads
 * (lib/db/search.ts): a key column (users: `address_key`, the address in lower case, every
 * script; groups: `name_key`, the words of the name) and, for people, a table of the name's words
 * (lower case, without accents), all computed by lib/domain/search-text.ts, never by the database
 * (SQLite's lower() folds only ASCII). Every write of a row's name or address keeps them: the
 * owner's writes call here.
 *
 * Rows written before the keys existed (or by an older instance during a rolling upgrade) have
 * none (the key IS NULL): `fillSearchKeys` gives them theirs a chunk at a time, each chunk a
 * short transaction that changes only its own rows, and only those still as read. The indexes
 * search reads are built after that (`ensureIndexes`, `ensureTrigrams`): on PostgreSQL
 * CONCURRENTLY, so the table stays writable while they build.
 */
export interface KeyedTable {
  table: string;
  /** The row's id. */
  id: string;
  /** The key column, the column it is computed from, and how. */
  key: { column: string; from: string; of: (text: string) => string };
  /** The words of each row's name: `(app_id, word, <id>)` (people; groups are found by their key). */
  words?: { table: string; id: string };
  /** The id is unique per app only (the directory's groups keep the backend's gids). */
  idPerApp?: boolean;
}
/** The address in lower case (users, the directory's users). */
export const ADDRESS_KEY: KeyedTable['key'] = { column: 'address_key', from: 'address', of: addressKey };
/** A table whose rows have names of people: found by their words too. */
export type WordedTable = KeyedTable & { words: NonNullable<KeyedTable['words']> };

const CHUNK = 5000;

/**
 * The schema of `t`'s search keys, for its migration: the key column (NULL until computed) and
 * the table of its names' words, with an index by row (`wordsIndex`), where it has one.
 */
export function searchKeysSql(dialect: Db['dialect'], t: KeyedTable, wordsIndex?: string): string {
  const { bytes, clustered } = d(dialect);
  const key = `
ALTER TABLE ${t.table} ADD COLUMN ${t.key.column} TEXT${bytes}; -- NULL until computed (lib/domain/search-text.ts)`;
  if (!t.words) return key;
  return `${key}
CREATE TABLE ${t.words.table} (
  app_id BIGINT NOT NULL,
  word TEXT${bytes} NOT NULL, -- a word of the name: lower case, no accents
  ${t.words.id} BIGINT NOT NULL REFERENCES ${t.table}(${t.id}) ON DELETE CASCADE,
  PRIMARY KEY (app_id, word, ${t.words.id})
)${clustered};
CREATE INDEX ${wordsIndex ?? `${t.words.table}_${t.words.id}`} ON ${t.words.table} (${t.words.id});`;
}

type Named = { appId: number; id: number; name: string };

/** The words of `row`'s name, replacing the ones it had. */
export async function putNameWords(q: Queryable, dialect: Db['dialect'], t: WordedTable, row: Named): Promise<void> {
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
  t: WordedTable,
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

/** Keys for rows written without them: their keys, then their names' words. */
async function keyRows(
  q: Queryable,
  dialect: Db['dialect'],
  t: KeyedTable,
  rows: readonly (Named & { source: string })[],
): Promise<void> {
  if (!rows.length) return;
  // Only a row whose name is still the one read (no lock was taken: a change meanwhile keyed
  // it, with its new name's words, and wins).
  const keyed = new Set(
    (
      await q.all<{ id: number }>(
        `UPDATE ${t.table} SET ${t.key.column} = j.value ->> 'key' FROM ${jsonRows(dialect, 'elements', jsonParam(dialect))} AS j
         WHERE ${t.table}.${t.id} = CAST(j.value ->> 'id' AS BIGINT) AND ${t.table}.app_id = CAST(j.value ->> 'app' AS BIGINT)
           AND ${t.table}.name = j.value ->> 'name'
           AND ${t.table}.${t.key.column} IS NULL RETURNING ${t.table}.${t.id} AS id`,
        [JSON.stringify(rows.map((r) => ({ id: r.id, app: r.appId, key: t.key.of(r.source), name: r.name })))],
      )
    ).map((r) => Number(r.id)),
  );
  if (t.words)
    await insertNameWords(
      q,
      dialect,
      t as WordedTable,
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
    (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t.table} WHERE ${t.key.column} IS NULL`))?.n ?? 0,
  );
  if (missing === 0) return 0;
  progress?.(0, missing);
  let done = 0;
  // In id order, so each chunk starts where the last one ended (no rescan); by (id, app) where
  // an id is unique per app only (the directory's groups keep the backend's gids).
  const order = t.idPerApp ? `${t.id}, app_id` : t.id;
  let after = t.idPerApp ? [0, 0] : [0];
  for (;;) {
    const seen = await db.tx(async (q) => {
      const rows = await q.all<{ id: number; app_id: number; source: string; name: string }>(
        `SELECT ${t.id} AS id, app_id, ${t.key.from} AS source, name FROM ${t.table}
         WHERE (${order}) > (${after.map(() => '?').join(', ')}) AND ${t.key.column} IS NULL ORDER BY ${order} LIMIT ${CHUNK}`,
        after,
      );
      await keyRows(
        q,
        db.dialect,
        t,
        rows.map((r) => ({ id: Number(r.id), appId: Number(r.app_id), source: r.source, name: r.name })),
      );
      return rows.map((r) => (t.idPerApp ? [Number(r.id), Number(r.app_id)] : [Number(r.id)]));
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
  t: Pick<KeyedTable, 'table' | 'id' | 'key'> & { fts: string },
  logger?: MigrationLog,
): Promise<boolean> {
  if (db.dialect === 'sqlite') {
    if (await db.get('SELECT 1 FROM sqlite_master WHERE name = ?', [t.fts])) return true;
    const k = t.key.column;
    await db.tx(async (q) => {
      // Asked again under the write lock: another process may have built it meanwhile.
      if (await q.get('SELECT 1 FROM sqlite_master WHERE name = ?', [t.fts])) return;
      await q.exec(`
CREATE VIRTUAL TABLE ${t.fts} USING fts5(${k}, content = '${t.table}', content_rowid = '${t.id}', tokenize = 'trigram', detail = 'none');
CREATE TRIGGER ${t.fts}_added AFTER INSERT ON ${t.table} BEGIN
  INSERT INTO ${t.fts} (rowid, ${k}) VALUES (NEW.${t.id}, NEW.${k});
END;
CREATE TRIGGER ${t.fts}_removed AFTER DELETE ON ${t.table} BEGIN
  INSERT INTO ${t.fts} (${t.fts}, rowid, ${k}) VALUES ('delete', OLD.${t.id}, OLD.${k});
END;
CREATE TRIGGER ${t.fts}_changed AFTER UPDATE OF ${k} ON ${t.table} BEGIN
  INSERT INTO ${t.fts} (${t.fts}, rowid, ${k}) VALUES ('delete', OLD.${t.id}, OLD.${k});
  INSERT INTO ${t.fts} (rowid, ${k}) VALUES (NEW.${t.id}, NEW.${k});
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
  await ensureIndexes(db, [[`${t.fts}`, `${t.table} USING gin (${t.key.column} "${ops}".gin_trgm_ops)`]]);
  return true;
}

/**
 * Everything search needs of `t` after its migration, at every start (cheap once done): the keys
 * of rows without them (every row, the first start after the upgrade: said at the start and as
 * it goes, ~10 s a million on SQLite), then its indexes, then its trigrams.
 */
export async function prepareSearch(
  db: Db,
  t: KeyedTable & {
    what: string;
    indexes: readonly [string, string][];
    /** Indexes that one of `indexes` replaces: dropped once it is there. */
    retired?: readonly string[];
    fts?: string;
    wordsIndex?: string;
  },
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
  // After the keys: an index already there would take every one of a million updates too. And
  // one of the rows still without keys (none, but for a straggler: see keyStragglers).
  await ensureIndexes(db, [...t.indexes, [`${t.table}_unkeyed`, `${t.table} (${t.id}) WHERE ${t.key.column} IS NULL`]]);
  if (t.words && db.dialect === 'postgres') {
    // Whether a row has a word (a search's check, row by row) read from this index alone: the
    // migration's index by row alone sent PostgreSQL to the table for every word (2x slower; on
    // SQLite that index holds the word already, the table being WITHOUT ROWID).
    const words = t.words;
    await ensureIndexes(db, [[`${words.table}_by_row`, `${words.table} (${words.id}, word)`]]);
    await db.exec(`DROP INDEX CONCURRENTLY IF EXISTS ${t.wordsIndex ?? `${words.table}_${words.id}`}`);
  }
  for (const index of t.retired ?? [])
    await db.exec(`DROP INDEX ${db.dialect === 'postgres' ? 'CONCURRENTLY ' : ''}IF EXISTS ${index}`);
  if (t.fts) await ensureTrigrams(db, { ...t, fts: t.fts }, log);
}

/**
 * How an address is written in `table`: as given, and the addresses of its rows that differ from
 * it only in case (at most 20): what a filter of a log that keeps addresses as sent (the message
 * log's From and To) matches, so that it matches in any case.
 */
export async function addressSpellings(q: Queryable, table: string, appId: number, address: string): Promise<string[]> {
  const rows = await q.all<{ address: string }>(
    `SELECT address FROM ${table} WHERE app_id = ? AND address_key = ? AND address <> ? LIMIT 20`,
    [appId, addressKey(address), address],
  );
  return [address, ...rows.map((r) => r.address)];
}

/**
 * Keys for rows written without them since the start: by an older instance during a rolling
 * upgrade, or by hand. Asked before a search reads the table: one probe of an index of the
 * unkeyed rows (empty but for them), so that no row is left out of a search until the next start.
 */
export async function keyStragglers(db: Db, t: KeyedTable): Promise<void> {
  // SQLite's planner, without statistics, preferred a scan of a covering index (70 ms at a
  // million rows) to the empty partial index: it is named.
  const unkeyed = db.dialect === 'sqlite' ? ` INDEXED BY ${t.table}_unkeyed` : '';
  if (await db.get(`SELECT 1 FROM ${t.table}${unkeyed} WHERE ${t.key.column} IS NULL LIMIT 1`))
    await fillSearchKeys(db, t);
}
