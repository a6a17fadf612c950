import { activitySql } from '@/lib/db/activity';
import type { Migration } from '@/lib/db/migrate';
import { countChangeSql, rowCountsSql } from '@/lib/db/row-counts';
import { ensureIndexes, searchKeysSql } from '@/lib/db/search-keys';
import { ENGINE_ACTIVITY } from './activity';
import { GROUPS_KEYED, prepareGroupSearch, prepareUserSearch, USER_WORDS_INDEX, USERS_KEYED } from './search-keys';

/**
 * The Backend API's migrations after the shared history of lib/db/history.ts (versions 1–10,
 * which hold its tables), taking the next free versions of the one ordered history
 * (lib/console/migrations.ts has 11–15, 18, 20, 21, 23–27, 29 and 31–33).
 *
 * They run in one transaction at start, so they only add what is instant at a million rows;
 * what takes longer (filling a column, building an index) runs after them, a chunk at a time
 * (lib/backend/search-keys.ts), so that PostgreSQL never holds the users table for long.
 */
const APP_COUNTS = { table: 'app_counts', apps: 'apps' };

export const ENGINE_MIGRATIONS: Migration[] = [
  {
    version: 16,
    name: 'search keys of users: the address in lower case, the words of the name',
    sql: (dialect) => searchKeysSql(dialect, USERS_KEYED, USER_WORDS_INDEX),
    after: prepareUserSearch,
  },
  {
    version: 17,
    name: 'counts of users, groups and messages kept per app',
    sql: (dialect) => rowCountsSql(dialect, APP_COUNTS, ['users', 'chat_groups', 'messages']),
  },
  {
    version: 19,
    name: 'search keys of groups: the words of the name',
    sql: (dialect) => searchKeysSql(dialect, GROUPS_KEYED),
    after: prepareGroupSearch,
  },
  {
    version: 22,
    name: 'the message log by time (messagesget since and until)',
    // Built after the migrations (on PostgreSQL CONCURRENTLY: a million messages stay writable).
    sql: () => '-- the index is built after the migrations',
    after: (db) => ensureIndexes(db, [['messages_app_ts', 'messages (app_id, ts, mid)']]),
  },
  {
    version: 28,
    name: 'counts of users, groups and messages: each writing session on a row of its own',
    // PostgreSQL only (SQLite has one writer at a time): see countChangeSql.
    sql: (dialect) => (dialect === 'postgres' ? countChangeSql(APP_COUNTS) : '-- nothing to change on SQLite'),
  },
  {
    version: 30,
    name: "each app's activity per quarter hour: messages sent (direct, to groups), users created",
    sql: (dialect) => activitySql(dialect, { table: 'app_activity', apps: 'apps' }, ENGINE_ACTIVITY),
  },
];
