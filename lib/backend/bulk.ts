import type { Db } from './db/types';

/**
 * Fast bulk loading for seeding and benchmarks: multi-row INSERTs in large transactions,
 * bypassing per-request validation (the caller generates valid data). Existing addresses
 * are skipped, so a load can be resumed.
 */
const ROWS_PER_STATEMENT = 200;
const ROWS_PER_TRANSACTION = 20_000;

export interface BulkUser {
  address: string;
  name?: string;
}

export async function bulkAddUsers(db: Db, appId: number, users: BulkUser[], ts = Math.floor(Date.now() / 1000)) {
  let added = 0;
  for (let t = 0; t < users.length; t += ROWS_PER_TRANSACTION) {
    const batch = users.slice(t, t + ROWS_PER_TRANSACTION);
    added += await db.tx(async (q) => {
      let n = 0;
      for (let i = 0; i < batch.length; i += ROWS_PER_STATEMENT) {
        const rows = batch.slice(i, i + ROWS_PER_STATEMENT);
        const values = rows.map(() => '(?, ?, ?, 1, 0, ?)').join(', ');
        const params = rows.flatMap((u) => [appId, u.address, u.name ?? '', ts]);
        const r = await q.run(
          `INSERT INTO users (app_id, address, name, active, flags, ts) VALUES ${values} ON CONFLICT (app_id, address) DO NOTHING`,
          params,
        );
        n += r.changes;
      }
      return n;
    });
  }
  return added;
}
