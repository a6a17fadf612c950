import type { Migration } from '@/lib/db/migrate';

/**
 * The Backend API's migrations after the shared history of lib/db/history.ts (versions 1–10,
 * which hold its tables). None yet: its next one takes the next free version of the one
 * ordered history (lib/console/migrations.ts has 11 and 12).
 */
export const ENGINE_MIGRATIONS: Migration[] = [];
