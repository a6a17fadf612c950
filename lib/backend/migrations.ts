import { d } from '@/lib/db/history';
import type { Migration } from '@/lib/db/migrate';

/**
 * The Backend API's migrations after the shared history of lib/db/history.ts (versions 1–10,
 * which hold its tables), taking the next free versions of the one ordered history
 * (lib/console/migrations.ts has 11–15).
 *
 * They run in one transaction at start, so they only add what is instant at a million rows;
 * what takes longer (filling a column, building an index) runs after them, a chunk at a time
 * (lib/backend/search-keys.ts), so that PostgreSQL never holds the users table for long.
 */
export const ENGINE_MIGRATIONS: Migration[] = [
  {
    version: 16,
    name: 'search keys of users: the address in lower case, the words of the name',
    sql: (dialect) => {
      const { bytes, clustered } = d(dialect);
      return `
ALTER TABLE users ADD COLUMN address_key TEXT${bytes}; -- NULL until computed (lib/domain/search-text.ts)
CREATE TABLE user_words (
  app_id BIGINT NOT NULL,
  word TEXT${bytes} NOT NULL, -- a word of the name: lower case, no accents
  uid BIGINT NOT NULL REFERENCES users(uid) ON DELETE CASCADE,
  PRIMARY KEY (app_id, word, uid)
)${clustered};
CREATE INDEX user_words_uid ON user_words (uid);`;
    },
  },
];
