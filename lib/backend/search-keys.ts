import type { MigrationLog } from '@/lib/db/migrate';
import { type KeyedTable, nameOrder, prepareSearch } from '@/lib/db/search-keys';
import type { Db } from '@/lib/db/types';

/**
 * The bundled backend's users as search reads them (lib/db/search-keys.ts keeps their keys,
 * lib/db/search.ts reads them): `users.address_key` and `user_words` (migration 16), the
 * trigrams of `users_trigrams`, and the indexes of every sort and filter.
 */
export const USERS_KEYED: KeyedTable = { table: 'users', id: 'uid', words: { table: 'user_words', id: 'uid' } };
export const USERS_TRIGRAMS = 'users_trigrams';

/** After migration 16, at every start: the keys of users without them, the indexes, the trigrams. */
export const prepareUserSearch = (db: Db, log: MigrationLog) =>
  prepareSearch(
    db,
    {
      ...USERS_KEYED,
      what: 'users',
      fts: USERS_TRIGRAMS,
      indexes: [
        ['users_address_key', 'users (app_id, address_key, uid)'],
        ['users_name', `users (app_id, ${nameOrder(db.dialect, 'name')}, uid)`],
        ['users_active', 'users (app_id, active, uid)'],
        ['tokens_appid', 'tokens (appid, uid)'],
      ],
    },
    log,
  );
