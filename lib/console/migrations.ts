import type { Migration } from '@/lib/db/migrate';

/**
 * The console's migrations (its directory, its audit log), continuing the shared history of
 * lib/db/history.ts. The Backend API's own are in lib/backend/migrations.ts; both are applied
 * in one ordered history by lib/db/migrate.ts, so a version number is taken once.
 */
export const CONSOLE_MIGRATIONS: Migration[] = [
  {
    version: 11,
    name: "the uid the backend gave a user in the console's directory",
    // Learned from the backend's answer (useradd and usertoken carry it); 0 where it never said.
    sql: () => 'ALTER TABLE directory_users ADD COLUMN uid BIGINT NOT NULL DEFAULT 0;',
  },
  {
    version: 12,
    name: 'repeated audit entries counted on one row',
    // A refusal or a read repeated by one session within a minute adds to `repeats` (and
    // moves `last_ts`) instead of writing another row: the log cannot be flooded.
    sql: () => `ALTER TABLE audit_log ADD COLUMN repeats BIGINT NOT NULL DEFAULT 1;
ALTER TABLE audit_log ADD COLUMN last_ts BIGINT NOT NULL DEFAULT 0;`,
  },
];
