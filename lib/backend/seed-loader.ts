import { insertNameWords } from '@/lib/db/search-keys';
import { noteBulkWrite } from '@/lib/db/statistics';
import type { Db } from '@/lib/db/types';
import { addressKey, nameKey } from '@/lib/domain/search-text';
import { USERS_KEYED } from './search-keys';

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
        const values = rows.map(() => '(?, ?, ?, ?, 1, 0, ?)').join(', ');
        const params = rows.flatMap((u) => [appId, u.address, addressKey(u.address), u.name ?? '', ts]);
        const added = await q.all<{ uid: number; name: string }>(
          `INSERT INTO users (app_id, address, address_key, name, active, flags, ts) VALUES ${values}
           ON CONFLICT (app_id, address) DO NOTHING RETURNING uid, name`,
          params,
        );
        await insertNameWords(
          q,
          db.dialect,
          USERS_KEYED,
          added.map((u) => ({ appId, id: Number(u.uid), name: u.name })),
        );
        n += added.length;
      }
      return n;
    });
    await noteBulkWrite(db, db, 'users', batch.length);
    await noteBulkWrite(db, db, 'user_words', batch.length);
  }
  return added;
}

export interface BulkGroup {
  name: string;
  flags: number;
  memberUids: number[];
}

/** Groups with their members (all permissions), in large transactions. Returns the new gids. */
export async function bulkAddGroups(db: Db, appId: number, groups: BulkGroup[], ts = Math.floor(Date.now() / 1000)) {
  const gids: number[] = [];
  for (let t = 0; t < groups.length; t += 2_000) {
    const batch = groups.slice(t, t + 2_000);
    await db.tx(async (q) => {
      for (let i = 0; i < batch.length; i += ROWS_PER_STATEMENT) {
        const rows = batch.slice(i, i + ROWS_PER_STATEMENT);
        const inserted = await q.all<{ gid: number }>(
          `INSERT INTO chat_groups (app_id, name, name_key, flags, active, expiry, expiryext, ts) VALUES ${rows.map(() => '(?, ?, ?, ?, 1, 31536000, 0, ?)').join(', ')} RETURNING gid`,
          rows.flatMap((g) => [appId, g.name, nameKey(g.name), g.flags, ts]),
        );
        const ids = inserted.map((r) => Number(r.gid)).sort((a, b) => a - b);
        gids.push(...ids);
        const members = rows.flatMap((g, k) => [...new Set(g.memberUids)].map((uid) => [ids[k], uid] as const));
        for (let m = 0; m < members.length; m += ROWS_PER_STATEMENT) {
          const chunk = members.slice(m, m + ROWS_PER_STATEMENT);
          await q.run(
            `INSERT INTO members (gid, uid, perms, admin, ts) VALUES ${chunk.map(() => '(?, ?, 31, 0, ?)').join(', ')} ON CONFLICT (gid, uid) DO NOTHING`,
            chunk.flatMap(([gid, uid]) => [gid, uid, ts]),
          );
        }
      }
    });
  }
  return gids;
}

export interface BulkMessage {
  from: string;
  to?: string;
  gid?: number;
  recipients: number;
  text: string;
  ts: number;
}

/** Messages for the log (direct ones with their recipient row), in large transactions. */
export async function bulkAddMessages(db: Db, appId: number, messages: BulkMessage[]) {
  for (let t = 0; t < messages.length; t += ROWS_PER_TRANSACTION) {
    const batch = messages.slice(t, t + ROWS_PER_TRANSACTION);
    await db.tx(async (q) => {
      for (let i = 0; i < batch.length; i += ROWS_PER_STATEMENT) {
        const rows = batch.slice(i, i + ROWS_PER_STATEMENT);
        const inserted = await q.all<{ mid: number }>(
          `INSERT INTO messages (app_id, sender, gid, to_list, recipients, type, body, expiry, ts, when_ts)
           VALUES ${rows.map(() => '(?, ?, ?, ?, ?, 0, ?, 31536000, ?, ?)').join(', ')} RETURNING mid`,
          rows.flatMap((m) => [
            appId,
            m.from,
            m.gid ?? 0,
            JSON.stringify(m.to ? [m.to] : []),
            m.recipients,
            m.text,
            m.ts,
            m.ts,
          ]),
        );
        const mids = inserted.map((r) => Number(r.mid)).sort((a, b) => a - b);
        const direct = rows.flatMap((m, k) => (m.to ? [[mids[k], m.to] as const] : []));
        if (direct.length) {
          await q.run(
            `INSERT INTO message_to (mid, app_id, address) VALUES ${direct.map(() => '(?, ?, ?)').join(', ')}`,
            direct.flatMap(([mid, to]) => [mid, appId, to]),
          );
        }
      }
    });
  }
}
