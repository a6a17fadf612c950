import 'server-only';
import { patternSql } from '@/lib/db/pattern';
import { keptCount } from '@/lib/db/row-counts';
import { insertNameWords, putNameWords } from '@/lib/db/search-keys';
import { noteBulkWrite } from '@/lib/db/statistics';
import type { Db, Queryable } from '@/lib/db/types';
import type { UserQuery } from '@/lib/domain/list-query';
import { addressKey } from '@/lib/domain/search-text';
import { type HeldAppId, UNKNOWN_EXPIRY } from '@/lib/domain/token-list';
import { directoryActivity, directoryActivityTotals } from './activity';
import { DIRECTORY_COUNTS, DIRECTORY_KEYED, searchDirectory } from './directory-search';

/**
 * The console's own directory of an app's users, kept for apps whose backend cannot list
 * them (mesibo's cloud has no usersget): every change the console makes there is written
 * here in the same request. App IDs and token expiry are kept, never a token. A change whose
 * outcome is unknown (the backend did not answer after the request was sent) marks the user
 * "unconfirmed" until the next change that succeeds. Search, sorting, filters and counts are
 * the bundled backend's (lib/db/search.ts, ./directory-search.ts), as fast at a million users.
 */
/** How the console learned of a user: created or changed here, added by hand, first seen when a token was generated for it, imported, or from a webhook. */
export type DirectorySource = 'console' | 'manual' | 'seen' | 'import' | 'webhook';

export interface DirectoryUser {
  id: number;
  /** The backend's uid, when one of its answers said it; 0 otherwise. */
  uid: number;
  address: string;
  name: string;
  active: boolean;
  tokens: { appid: string; expires: number }[];
  source: DirectorySource;
  createdTs: number;
  changedTs: number;
  /** When the outcome of the last change was unknown; 0 when confirmed. */
  unconfirmedTs: number;
}

/** A user an import brings (only the columns its file has). */
export interface ImportedDirectoryUser {
  address: string;
  uid?: number;
  name?: string;
  active?: boolean;
  /** App IDs the user holds a token for, with the expiry when the file gave one (never a token). */
  appIds?: HeldAppId[];
}
// Many per statement: a million-row import is a few thousand statements, not a million.
const IN_LIST = 1000;
const ROWS_PER_INSERT = 1000;

type Row = {
  id: number;
  uid: number;
  address: string;
  name: string;
  active: number;
  tokens: string;
  source: string;
  created_ts: number;
  changed_ts: number;
  unconfirmed_ts: number;
};
const COLUMNS =
  'u.id, u.uid, u.address, u.name, u.active, u.tokens, u.source, u.created_ts, u.changed_ts, u.unconfirmed_ts';

function tokensOf(json: string): DirectoryUser['tokens'] {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v)
      ? v
          .filter((t) => typeof t?.appid === 'string')
          .map(({ appid, expires }) => ({ appid, expires: Number(expires) || 0 }))
      : [];
  } catch {
    return [];
  }
}

const toUser = (r: Row): DirectoryUser => ({
  id: Number(r.id),
  uid: Number(r.uid),
  address: r.address,
  name: r.name,
  active: Number(r.active) === 1,
  tokens: tokensOf(r.tokens),
  source: r.source as DirectorySource,
  createdTs: Number(r.created_ts),
  changedTs: Number(r.changed_ts),
  unconfirmedTs: Number(r.unconfirmed_ts),
});
const now = () => Math.floor(Date.now() / 1000);

export class Directory {
  constructor(private readonly db: Db) {}

  /**
   * A page of users for a query (lib/domain/list-query.ts: any case, words of names, the uid,
   * patterns; sorted; filtered), with the count of all its pages; `next` continues after it.
   */
  async listUsers(appId: number, query: UserQuery, after: string | undefined, count: number) {
    const page = await searchDirectory<Row>(this.db, appId, query, {
      after,
      count,
      select: COLUMNS.replaceAll('u.', 't.'),
    });
    return { users: page.rows.map(toUser), next: page.next, count: page.count };
  }

  /**
   * The users webhooks reported, last seen first (`online`: only those online now, an event at
   * or after `onlineSince`, ms), a page at a time: the cursor is the last row's `event_ts:id`.
   * Online now walks the index of the users online (instant at a million users); everyone,
   * last seen first, reads all of the app's presence rows (~0.6 s at a million on SQLite): an
   * index of everyone's last event cost the webhook receiver half its time (migration 15).
   */
  async listBySeen(
    appId: number,
    filter: { online: boolean; onlineSince: number; pattern: string },
    after: { seen: number; id: number } | undefined,
    count: number,
  ) {
    const where = ['p.app_id = ?'];
    const params: (string | number)[] = [appId];
    if (filter.online) {
      where.push('p.online = 1 AND p.event_ts >= ?');
      params.push(filter.onlineSince);
    }
    const search = patternSql('p.address', filter.pattern);
    if (search.where) {
      where.push(search.where.replace(/^ AND /, ''));
      params.push(...(search.params as (string | number)[]));
    }
    if (after) {
      where.push('(p.event_ts < ? OR (p.event_ts = ? AND u.id < ?))');
      params.push(after.seen, after.seen, after.id);
    }
    const rows = await this.db.all<Row & { event_ts: number }>(
      `SELECT ${COLUMNS}, p.event_ts FROM presence p JOIN directory_users u ON u.app_id = p.app_id AND u.address = p.address
       WHERE ${where.join(' AND ')} ORDER BY p.event_ts DESC, u.id DESC LIMIT ?`,
      [...params, count + 1],
    );
    const page = rows.slice(0, count);
    const last = page[page.length - 1];
    return {
      users: page.map(toUser),
      next: rows.length > count && last ? `${Number(last.event_ts)}:${Number(last.id)}` : undefined,
    };
  }

  async getUser(appId: number, address: string): Promise<DirectoryUser | undefined> {
    const r = await this.db.get<Row>(`SELECT ${COLUMNS} FROM directory_users u WHERE u.app_id = ? AND u.address = ?`, [
      appId,
      address,
    ]);
    return r && toUser(r);
  }

  /** How many users the directory holds for the app (counts kept per app: no recount of a million rows). */
  countUsers(appId: number): Promise<number> {
    return keptCount(this.db, DIRECTORY_COUNTS, appId, 'directory_users');
  }

  /** What the console saw happen in the app, per period of `step` seconds (lib/console/activity.ts). */
  activity(appId: number, window: { since: number; until: number }, step?: number) {
    return directoryActivity(this.db, appId, window, step);
  }

  /** Its totals in a window (users online: the highest). */
  activityTotals(appId: number, window: { since: number; until: number }) {
    return directoryActivityTotals(this.db, appId, window);
  }

  /**
   * A change that succeeded: the user as the backend now has it (fields left out stay as
   * they were; a user new to the directory starts from the backend's defaults), confirmed.
   */
  async putUser(
    appId: number,
    user: {
      address: string;
      uid?: number;
      name?: string;
      active?: boolean;
      token?: { appid: string; expires: number };
    },
    source: DirectorySource = 'console',
  ): Promise<void> {
    const t = now();
    await this.db.tx(async (q) => {
      const existing = await q.get<Row>(
        `SELECT ${COLUMNS} FROM directory_users u WHERE u.app_id = ? AND u.address = ?`,
        [appId, user.address],
      );
      const tokens = tokensOf(existing?.tokens ?? '[]').filter((x) => x.appid !== user.token?.appid);
      if (user.token) tokens.push(user.token);
      if (!existing) {
        const [added] = await q.all<{ id: number }>(
          `INSERT INTO directory_users (app_id, uid, address, address_key, name, active, tokens, source, created_ts, changed_ts)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
          [
            appId,
            user.uid ?? 0,
            user.address,
            addressKey(user.address),
            user.name ?? '',
            user.active === false ? 0 : 1,
            JSON.stringify(tokens),
            source,
            t,
            t,
          ],
        );
        if (user.name && added)
          await insertNameWords(q, this.db.dialect, DIRECTORY_KEYED, [
            { appId, id: Number(added.id), name: user.name },
          ]);
        return;
      }
      await changeKnown(q, this.db.dialect, { appId, id: Number(existing.id) }, user, tokens, t);
    });
  }

  async removeToken(appId: number, address: string, appid: string): Promise<void> {
    await this.db.tx(async (q) => {
      const r = await q.get<Row>(`SELECT ${COLUMNS} FROM directory_users u WHERE u.app_id = ? AND u.address = ?`, [
        appId,
        address,
      ]);
      if (!r) return;
      const tokens = tokensOf(r.tokens).filter((x) => x.appid !== appid);
      await q.run('UPDATE directory_users SET tokens = ?, changed_ts = ?, unconfirmed_ts = 0 WHERE id = ?', [
        JSON.stringify(tokens),
        now(),
        r.id,
      ]);
    });
  }

  /** The user and its memberships (as the backend's userdel removes them). */
  async removeUser(appId: number, address: string): Promise<void> {
    await this.db.tx(async (q) => {
      await q.run('DELETE FROM directory_members WHERE app_id = ? AND address = ?', [appId, address]);
      await q.run('DELETE FROM directory_users WHERE app_id = ? AND address = ?', [appId, address]);
    });
  }

  /** The users of these addresses the directory knows (an import's dry run and plan), by address. */
  async knownUsers(
    appId: number,
    addresses: readonly string[],
    q: Queryable = this.db,
  ): Promise<Map<string, DirectoryUser>> {
    const found = new Map<string, DirectoryUser>();
    for (let i = 0; i < addresses.length; i += IN_LIST) {
      const chunk = addresses.slice(i, i + IN_LIST);
      const rows = await q.all<Row>(
        `SELECT ${COLUMNS} FROM directory_users u WHERE u.app_id = ? AND u.address IN (${chunk.map(() => '?').join(', ')})`,
        [appId, ...chunk],
      );
      for (const r of rows) found.set(r.address, toUser(r));
    }
    return found;
  }

  /**
   * Many users at once (an import), in `q` (the transaction that also writes the rows'
   * outcomes): new ones inserted many per statement, known ones changed in only the fields
   * given. App IDs are added to those known (never a token: none exists here). Returns the
   * addresses that were new.
   */
  async putUsers(
    q: Queryable,
    appId: number,
    users: readonly ImportedDirectoryUser[],
    source: DirectorySource,
  ): Promise<Set<string>> {
    const t = now();
    await noteBulkWrite(this.db, this.db, 'directory_users', users.length);
    // New ones first, many per statement; what the insert skipped is known, and only those are read.
    const added = new Set<string>();
    for (let i = 0; i < users.length; i += ROWS_PER_INSERT) {
      const chunk = users.slice(i, i + ROWS_PER_INSERT);
      const rows = await q.all<{ id: number; address: string; name: string }>(
        `INSERT INTO directory_users (app_id, uid, address, address_key, name, active, tokens, source, created_ts, changed_ts)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (app_id, address) DO NOTHING RETURNING id, address, name`,
        chunk.flatMap((u) => [
          appId,
          u.uid ?? 0,
          u.address,
          addressKey(u.address),
          u.name ?? '',
          u.active === false ? 0 : 1,
          JSON.stringify(u.appIds ?? []),
          source,
          t,
          t,
        ]),
      );
      for (const r of rows) added.add(r.address);
      await insertNameWords(
        q,
        this.db.dialect,
        DIRECTORY_KEYED,
        rows.map((r) => ({ appId, id: Number(r.id), name: r.name })),
      );
    }
    const rest = users.filter((u) => !added.has(u.address));
    const known = await this.knownUsers(
      appId,
      rest.map((u) => u.address),
      q,
    );
    for (const u of rest) {
      const was = known.get(u.address);
      if (!was) continue;
      const tokens = [...was.tokens];
      for (const held of u.appIds ?? []) {
        const i = tokens.findIndex((x) => x.appid === held.appid);
        if (i < 0) tokens.push(held);
        // An expiry the file gives replaces the one kept; an App ID without one keeps what is known.
        else if (held.expires !== UNKNOWN_EXPIRY) tokens[i] = held;
      }
      await changeKnown(q, this.db.dialect, { appId, id: was.id }, u, tokens, t);
    }
    return added;
  }

  /**
   * Addresses the directory does not know, kept as users learned from `source` (a webhook, an
   * import's Add them to the directory too); one it knows stays as it is. Returns those added.
   */
  async addUnknown(q: Queryable, appId: number, addresses: readonly string[], source: DirectorySource) {
    const t = now();
    const added: string[] = [];
    for (let i = 0; i < addresses.length; i += ROWS_PER_INSERT) {
      const chunk = addresses.slice(i, i + ROWS_PER_INSERT);
      const rows = await q.all<{ address: string }>(
        `INSERT INTO directory_users (app_id, address, address_key, source, created_ts, changed_ts)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (app_id, address) DO NOTHING RETURNING address`,
        chunk.flatMap((address) => [appId, address, addressKey(address), source, t, t]),
      );
      added.push(...rows.map((r) => r.address));
    }
    return added;
  }

  /** Runs `fn` in one transaction of the directory's database (a batch kept with its outcomes). */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    return this.db.tx(fn);
  }

  /** The backend may or may not have applied a change to this user: say so until a change succeeds. */
  async markUnconfirmed(appId: number, address: string, q: Queryable = this.db): Promise<void> {
    const t = now();
    await q.run(
      `INSERT INTO directory_users (app_id, address, address_key, source, created_ts, changed_ts, unconfirmed_ts)
       VALUES (?, ?, ?, 'console', ?, ?, ?)
       ON CONFLICT (app_id, address) DO UPDATE SET unconfirmed_ts = excluded.unconfirmed_ts`,
      [appId, address, addressKey(address), t, t, t],
    );
  }
}

/** A known user's change that succeeded: only the fields given (a new name's words with it), its App IDs, confirmed. */
async function changeKnown(
  q: Queryable,
  dialect: Db['dialect'],
  { appId, id }: { appId: number; id: number },
  user: { uid?: number; name?: string; active?: boolean },
  tokens: DirectoryUser['tokens'],
  t: number,
) {
  if (user.name !== undefined) await putNameWords(q, dialect, DIRECTORY_KEYED, { appId, id, name: user.name });
  await q.run(
    `UPDATE directory_users SET uid = COALESCE(?, uid), name = COALESCE(?, name), active = COALESCE(?, active),
       tokens = ?, changed_ts = ?, unconfirmed_ts = 0 WHERE id = ?`,
    [
      user.uid || null,
      user.name ?? null,
      user.active === undefined ? null : Number(user.active),
      JSON.stringify(tokens),
      t,
      id,
    ],
  );
}
