import type { MigrationLog } from '@/lib/db/migrate';
import { ADDRESS_KEY, type KeyedTable, nameOrder, prepareSearch, type WordedTable } from '@/lib/db/search-keys';
import type { Db } from '@/lib/db/types';
import { nameKey } from '@/lib/domain/search-text';

/**
 * The bundled backend's users as search reads them (lib/db/search-keys.ts keeps their keys,
 * lib/db/search.ts reads them): `users.address_key` and `user_words` (migration 16), the
 * trigrams of `users_trigrams`, and the indexes of every sort and filter.
 */
export const USERS_KEYED: WordedTable = {
  table: 'users',
  id: 'uid',
  key: ADDRESS_KEY,
  words: { table: 'user_words', id: 'uid' },
};
export const USERS_TRIGRAMS = 'users_trigrams';
/**
 * The users of an app that are (in)active, newest first, with the address key beside: a search
 * within them reads no row that does not match (SQLite looks at a row only for what its index
 * lacks; PostgreSQL reads the index alone). It replaced `users_active` (without the key).
 */
export const USERS_ACTIVE_INDEX = 'users_active_key';
/** Migration 16's index of user_words by user (replaced on PostgreSQL: lib/db/search-keys.ts). */
export const USER_WORDS_INDEX = 'user_words_uid';

/** After migration 16, at every start: the keys of users without them, the indexes, the trigrams. */
export const prepareUserSearch = (db: Db, log: MigrationLog) =>
  prepareSearch(
    db,
    {
      ...USERS_KEYED,
      what: 'users',
      fts: USERS_TRIGRAMS,
      wordsIndex: USER_WORDS_INDEX,
      retired: ['users_active'],
      indexes: [
        ['users_address_key', 'users (app_id, address_key, uid)'],
        ['users_name', `users (app_id, ${nameOrder(db.dialect, 'name')}, uid)`],
        [USERS_ACTIVE_INDEX, 'users (app_id, active, uid, address_key)'],
        ['tokens_appid', 'tokens (appid, uid)'],
      ],
    },
    log,
  );

/** The bundled backend's groups as search reads them: `chat_groups.name_key` (migration 19) and its trigrams. */
export const GROUPS_KEYED: KeyedTable = {
  table: 'chat_groups',
  id: 'gid',
  key: { column: 'name_key', from: 'name', of: nameKey },
};
export const GROUPS_TRIGRAMS = 'chat_groups_trigrams';

/** After migration 19, at every start: the name keys of groups without them, the sort's index, the trigrams. */
export const prepareGroupSearch = (db: Db, log: MigrationLog) =>
  prepareSearch(
    db,
    {
      ...GROUPS_KEYED,
      what: 'groups',
      fts: GROUPS_TRIGRAMS,
      indexes: [['chat_groups_name_sort', `chat_groups (app_id, ${nameOrder(db.dialect, 'name')}, gid)`]],
    },
    log,
  );
