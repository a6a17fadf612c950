import type { Db, Queryable } from '@/lib/db/types';
import { addressKey, nameWords } from '@/lib/domain/search-text';

/**
 * What users are found by, kept beside them (migration 16): `users.address_key` (the address
 * in lower case, every script) and `user_words` (each word of the name, lower case, without
 * accents), computed by lib/domain/search-text.ts, never by the database (SQLite's lower()
 * folds only ASCII). Every write of a user's name or address keeps them: useradd, userset and
 * the seed loader call here.
 *
 * Users written before migration 16 (or by an older instance during a rolling upgrade) have no
 * keys yet (`address_key IS NULL`): `fillSearchKeys` gives them theirs a chunk at a time, each
 * chunk a short transaction that changes only its own rows, and only those still as read.
 */
const CHUNK = 5000;

/** The words of `name` for user `uid`, replacing the ones it had. */
export async function putNameWords(
  q: Queryable,
  dialect: Db['dialect'],
  user: { appId: number; uid: number; name: string },
): Promise<void> {
  const words = nameWords(user.name);
  await q.run(
    `DELETE FROM user_words WHERE uid = ?${words.length ? ` AND word NOT IN (${words.map(() => '?').join(', ')})` : ''}`,
    [user.uid, ...words],
  );
  await insertNameWords(q, dialect, [user]);
}

/**
 * The words of users' names, any number of them in one statement: handed over as one JSON
 * array (read by json_each on SQLite, json_array_elements on PostgreSQL; a statement per few
 * hundred rows took PostgreSQL 109 s to key a million users).
 */
export async function insertNameWords(
  q: Queryable,
  dialect: Db['dialect'],
  users: readonly { appId: number; uid: number; name: string }[],
): Promise<void> {
  const named = users.flatMap((u) => {
    const words = nameWords(u.name);
    return words.length ? [{ app: u.appId, uid: u.uid, words }] : [];
  });
  if (!named.length) return;
  await q.run(
    `INSERT INTO user_words (app_id, word, uid)
     SELECT CAST(j.value ->> 'app' AS BIGINT), w.value, CAST(j.value ->> 'uid' AS BIGINT)
     FROM ${jsonRows(dialect, 'elements', jsonParam(dialect))} AS j, ${jsonRows(dialect, 'text', "j.value -> 'words'")} AS w
     WHERE true ON CONFLICT (app_id, word, uid) DO NOTHING`,
    [JSON.stringify(named)],
  );
}

const jsonParam = (dialect: Db['dialect']) => (dialect === 'postgres' ? '?::json' : '?');
const jsonRows = (dialect: Db['dialect'], fn: 'elements' | 'text', of: string) =>
  dialect === 'postgres' ? `json_array_elements${fn === 'text' ? '_text' : ''}(${of})` : `json_each(${of})`;

/** Keys for users written without them: their address keys, then their names' words. */
async function keyUsers(
  q: Queryable,
  dialect: Db['dialect'],
  users: readonly { uid: number; appId: number; address: string; name: string }[],
): Promise<void> {
  if (!users.length) return;
  // Only a user whose name is still the one read (no lock was taken: a userset meanwhile keyed
  // it, with its new name's words, and wins).
  const keyed = new Set(
    (
      await q.all<{ uid: number }>(
        `UPDATE users SET address_key = j.value ->> 'key' FROM ${jsonRows(dialect, 'elements', jsonParam(dialect))} AS j
         WHERE users.uid = CAST(j.value ->> 'uid' AS BIGINT) AND users.name = j.value ->> 'name'
           AND users.address_key IS NULL RETURNING users.uid`,
        [JSON.stringify(users.map((u) => ({ uid: u.uid, key: addressKey(u.address), name: u.name })))],
      )
    ).map((r) => Number(r.uid)),
  );
  await insertNameWords(
    q,
    dialect,
    users.filter((u) => keyed.has(u.uid)),
  );
}

/**
 * Gives every user without keys its keys, a chunk at a time; `progress` hears how many are
 * done of how many were missing. Returns how many it keyed.
 */
export async function fillSearchKeys(db: Db, progress?: (done: number, missing: number) => void): Promise<number> {
  const missing = Number(
    (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM users WHERE address_key IS NULL'))?.n ?? 0,
  );
  if (missing === 0) return 0;
  progress?.(0, missing);
  let done = 0;
  let after = 0; // in uid order, so each chunk starts where the last one ended (no rescan)
  for (;;) {
    const seen = await db.tx(async (q) => {
      const rows = await q.all<{ uid: number; app_id: number; address: string; name: string }>(
        `SELECT uid, app_id, address, name FROM users WHERE uid > ? AND address_key IS NULL ORDER BY uid LIMIT ${CHUNK}`,
        [after],
      );
      await keyUsers(
        q,
        db.dialect,
        rows.map((r) => ({ uid: Number(r.uid), appId: Number(r.app_id), address: r.address, name: r.name })),
      );
      return rows.map((r) => Number(r.uid));
    });
    done += seen.length;
    progress?.(Math.min(done, missing), missing);
    if (seen.length < CHUNK) return done;
    after = seen[seen.length - 1];
  }
}

/**
 * The index search reads, built after the migrations: on PostgreSQL CONCURRENTLY (the table
 * stays writable while it builds; one left invalid by an interrupted build is built again).
 */
export async function ensureSearchIndexes(db: Db): Promise<void> {
  const columns = 'users (app_id, address_key, uid)';
  if (db.dialect === 'sqlite') {
    await db.exec(`CREATE INDEX IF NOT EXISTS users_address_key ON ${columns}`);
    return;
  }
  const invalid = await db.get(
    `SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE c.relname = 'users_address_key' AND c.relnamespace = current_schema()::regnamespace AND NOT i.indisvalid`,
  );
  if (invalid) await db.exec('DROP INDEX CONCURRENTLY IF EXISTS users_address_key');
  await db.exec(`CREATE INDEX CONCURRENTLY IF NOT EXISTS users_address_key ON ${columns}`);
}
