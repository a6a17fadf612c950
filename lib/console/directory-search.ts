import type { MigrationLog } from '@/lib/db/migrate';
import { keptCount } from '@/lib/db/row-counts';
import { type Condition, hasRow, type SearchTable, searchWithCount } from '@/lib/db/search';
import { ADDRESS_KEY, type KeyedTable, nameOrder, prepareSearch, type WordedTable } from '@/lib/db/search-keys';
import type { Db } from '@/lib/db/types';
import { DEFAULT_USER_SORT, type ListCount, type UserQuery } from '@/lib/domain/list-query';
import { nameKey } from '@/lib/domain/search-text';

/**
 * Search in the console's directory of users, as in the bundled backend (lib/db/search-keys.ts
 * keeps its keys, lib/db/search.ts reads them): `directory_users.address_key` and
 * `directory_user_words` (migration 18), the trigrams of `directory_user_trigrams`, the indexes
 * of every sort and filter, and its counts per app (`directory_counts`). Where the backend
 * cannot list (mesibo's cloud), this is how support finds anyone the console has learned of.
 */
export const DIRECTORY_KEYED: WordedTable = {
  table: 'directory_users',
  id: 'id',
  key: ADDRESS_KEY,
  words: { table: 'directory_user_words', id: 'user_id' },
};
export const DIRECTORY_TRIGRAMS = 'directory_user_trigrams';
/** Active or not, newest first, the address key beside (as lib/backend/search-keys.ts's USERS_ACTIVE_INDEX). */
export const DIRECTORY_ACTIVE_INDEX = 'directory_users_active_key';
/** Migration 18's index of directory_user_words by user (replaced on PostgreSQL: lib/db/search-keys.ts). */
export const DIRECTORY_WORDS_INDEX = 'directory_user_words_user';
export const DIRECTORY_COUNTS = 'directory_counts';

/** After migration 18, at every start: the keys of users without them, the indexes, the trigrams. */
export const prepareDirectorySearch = (db: Db, log: MigrationLog) =>
  prepareSearch(
    db,
    {
      ...DIRECTORY_KEYED,
      what: "users of the console's directory",
      fts: DIRECTORY_TRIGRAMS,
      wordsIndex: DIRECTORY_WORDS_INDEX,
      retired: ['directory_users_active'],
      indexes: [
        ['directory_users_address_key', 'directory_users (app_id, address_key, id)'],
        ['directory_users_name', `directory_users (app_id, ${nameOrder(db.dialect, 'name')}, id)`],
        [DIRECTORY_ACTIVE_INDEX, 'directory_users (app_id, active, id, address_key)'],
        ['directory_users_uid', 'directory_users (app_id, uid)'],
      ],
    },
    log,
  );

/** The directory's groups: found by the words of the name (`name_key`, migration 20). */
export const DIRECTORY_GROUPS_KEYED: KeyedTable = {
  table: 'directory_groups',
  id: 'gid',
  key: { column: 'name_key', from: 'name', of: nameKey },
  idPerApp: true,
};

/** After migration 20, at every start: the name keys of groups without them, the sort's index. */
export const prepareDirectoryGroupSearch = (db: Db, log: MigrationLog) =>
  prepareSearch(
    db,
    {
      ...DIRECTORY_GROUPS_KEYED,
      what: "groups of the console's directory",
      indexes: [['directory_groups_name_sort', `directory_groups (app_id, ${nameOrder(db.dialect, 'name')}, gid)`]],
    },
    log,
  );

const DIRECTORY_USERS: SearchTable = {
  ...DIRECTORY_KEYED,
  key: 'address_key',
  name: 'name',
  number: 'uid',
  trigrams: DIRECTORY_TRIGRAMS,
};

/**
 * A page of the directory's users for a query (any case, words of names, the uid, patterns;
 * sorted; filtered), `select` read from `t`; the first page with the count of all its pages (the
 * list shows that count on every page). A cursor from elsewhere throws lib/db/search.ts's BadCursor.
 */
export async function searchDirectory<R>(
  db: Db,
  appId: number,
  query: UserQuery,
  page: { after?: string; count: number; select: string },
): Promise<{ rows: R[]; next?: string; count?: ListCount }> {
  const filters: Condition[] = [];
  if (query.active !== undefined) {
    const active = query.active ? 1 : 0;
    const isActive = { sql: 't.active = ?', params: [active] };
    filters.push({
      where: isActive,
      source: { sql: 'SELECT id FROM directory_users WHERE app_id = ? AND active = ?', params: [appId, active] },
      counted: isActive,
      ordered: { where: isActive, index: DIRECTORY_ACTIVE_INDEX },
    });
  }
  if (query.appid !== undefined) {
    // App IDs are kept as JSON beside the user ([{appid, expires}]): read per row, no index.
    const held = db.dialect === 'postgres' ? 'json_array_elements(t.tokens::json)' : 'json_each(t.tokens)';
    filters.push({ where: { sql: hasRow(`${held} j WHERE j.value ->> 'appid' = ?`), params: [query.appid] } });
  }
  return searchWithCount<R>(db, DIRECTORY_USERS, DIRECTORY_KEYED, {
    appId,
    q: query.q,
    sort: query.sort ?? DEFAULT_USER_SORT,
    filters,
    after: page.after,
    limit: page.count,
    select: page.select,
    counted: page.after === undefined,
    all: () => keptCount(db, DIRECTORY_COUNTS, appId, 'directory_users'),
  });
}
