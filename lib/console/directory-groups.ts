import 'server-only';
import { groupFilters } from '@/lib/db/group-filters';
import { likeLiteral } from '@/lib/db/pattern';
import { keptCount } from '@/lib/db/row-counts';
import { type SearchTable, searchWithCount } from '@/lib/db/search';
import { addressSpellings } from '@/lib/db/search-keys';
import { idWindow, inTimeRange } from '@/lib/db/time-window';
import type { Db, Queryable } from '@/lib/db/types';
import type { GroupQuery } from '@/lib/domain/list-query';
import { nameKey } from '@/lib/domain/search-text';
import { DIRECTORY_COUNTS, DIRECTORY_GROUPS_KEYED } from './directory-search';

/**
 * The directory's groups (with their members and permissions) and the messages sent from
 * the console, for apps whose backend cannot list groups or read messages (mesibo's cloud).
 * Written after each change that succeeded, in the same request; read by the Groups list,
 * a group's name and flags, the message log and the Overview's counts.
 */
export interface DirectoryGroup {
  gid: number;
  name: string;
  flags: number;
  active: boolean;
  members: number;
  ts: number;
  unconfirmedTs: number;
}
export interface DirectoryMessage {
  id: number;
  mid: number;
  from: string;
  to: string[];
  gid: number;
  /** A group message: the group's name, where the directory knows the group. */
  groupName?: string;
  message: string;
  ts: number;
  /** The backend did not answer: it may or may not have been sent (mid 0). */
  unconfirmed: boolean;
}

type GroupRow = {
  gid: number;
  name: string;
  flags: number;
  active: number;
  members: number;
  created_ts: number;
  unconfirmed_ts: number;
};
const GROUP_COLUMNS = 'g.gid, g.name, g.flags, g.active, g.members, g.created_ts, g.unconfirmed_ts';
const toGroup = (r: GroupRow): DirectoryGroup => ({
  gid: Number(r.gid),
  name: r.name,
  flags: Number(r.flags),
  active: Number(r.active) === 1,
  members: Number(r.members),
  ts: Number(r.created_ts),
  unconfirmedTs: Number(r.unconfirmed_ts),
});
const now = () => Math.floor(Date.now() / 1000);
/** Found by gid and by the words of the name (`name_key`, migration 20); a table small enough to read without trigrams. */
const DIRECTORY_GROUPS: SearchTable = {
  table: 'directory_groups',
  id: 'gid',
  name: 'name',
  nameKey: 'name_key',
  number: 'gid',
};
/** Members per INSERT: 5 parameters each, well under both databases' limits. */
const MEMBERS_PER_INSERT = 500;

export class DirectoryGroups {
  constructor(private readonly db: Db) {}

  /**
   * A page of groups for a query (the gid, words of the name in any case, a `*` pattern; sorted;
   * Who can send and Delivery), the first with the count of all its pages; `next` continues after it.
   */
  async listGroups(appId: number, query: GroupQuery, after: string | undefined, count: number) {
    const page = await searchWithCount<GroupRow>(this.db, DIRECTORY_GROUPS, DIRECTORY_GROUPS_KEYED, {
      appId,
      q: query.q,
      sort: query.sort,
      filters: groupFilters(query),
      after,
      limit: count,
      select: GROUP_COLUMNS.replaceAll('g.', 't.'),
      counted: after === undefined,
      all: () => keptCount(this.db, DIRECTORY_COUNTS, appId, 'directory_groups'),
    });
    return { groups: page.rows.map(toGroup), next: page.next, count: page.count };
  }

  async getGroup(appId: number, gid: number): Promise<DirectoryGroup | undefined> {
    const r = await this.db.get<GroupRow>(
      `SELECT ${GROUP_COLUMNS} FROM directory_groups g WHERE g.app_id = ? AND g.gid = ?`,
      [appId, gid],
    );
    return r && toGroup(r);
  }

  /** The group as the backend answered a change to it (groupadd, groupset, groupeditmembers). */
  async putGroup(
    appId: number,
    g: { gid: number; name: string; flags: number; active: boolean; members: number },
    q: Queryable = this.db,
  ) {
    const t = now();
    await q.run(
      `INSERT INTO directory_groups (app_id, gid, name, name_key, flags, active, members, created_ts, changed_ts)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (app_id, gid) DO UPDATE SET name = excluded.name, name_key = excluded.name_key, flags = excluded.flags,
         active = excluded.active, members = excluded.members, changed_ts = excluded.changed_ts, unconfirmed_ts = 0`,
      [appId, g.gid, g.name, nameKey(g.name), g.flags, Number(g.active), g.members, t, t],
    );
  }

  async removeGroup(appId: number, gid: number): Promise<void> {
    await this.db.tx(async (q) => {
      await q.run('DELETE FROM directory_members WHERE app_id = ? AND gid = ?', [appId, gid]);
      await q.run('DELETE FROM directory_groups WHERE app_id = ? AND gid = ?', [appId, gid]);
    });
  }

  async markUnconfirmed(appId: number, gid: number, q: Queryable = this.db): Promise<void> {
    await q.run('UPDATE directory_groups SET unconfirmed_ts = ? WHERE app_id = ? AND gid = ?', [now(), appId, gid]);
  }

  /**
   * Members added, or their permissions changed (each address with the permissions given;
   * one not given stays as it was, and is true for a new member). Many rows per statement (an
   * import's chunk of 1,000), in `q` when given (the transaction of the rows' outcomes).
   */
  async putMembers(
    appId: number,
    gid: number,
    addresses: readonly string[],
    perms: { send?: boolean; recv?: boolean },
    q?: Queryable,
  ): Promise<void> {
    const changed = [
      perms.send === undefined ? '' : 'send = excluded.send',
      perms.recv === undefined ? '' : 'recv = excluded.recv',
    ].filter(Boolean);
    const onConflict = changed.length ? `DO UPDATE SET ${changed.join(', ')}` : 'DO NOTHING';
    const write = async (w: Queryable) => {
      for (let i = 0; i < addresses.length; i += MEMBERS_PER_INSERT) {
        const chunk = addresses.slice(i, i + MEMBERS_PER_INSERT);
        await w.run(
          `INSERT INTO directory_members (app_id, gid, address, send, recv) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}
           ON CONFLICT (app_id, gid, address) ${onConflict}`,
          chunk.flatMap((address) => [appId, gid, address, perms.send === false ? 0 : 1, perms.recv === false ? 0 : 1]),
        );
      }
    };
    await (q ? write(q) : this.db.tx(write));
  }

  /**
   * The groups `address` belongs to as the directory knows them (memberships made through this
   * console and its imports), by gid after `afterGid`, with its permissions in each: read from
   * the members' index by address (migration 21).
   */
  async groupsOf(appId: number, address: string, afterGid: number | undefined, count: number) {
    const rows = await this.db.all<GroupRow & { send: number; recv: number }>(
      `SELECT ${GROUP_COLUMNS}, m.send, m.recv FROM directory_members m
       JOIN directory_groups g ON g.app_id = m.app_id AND g.gid = m.gid
       WHERE m.app_id = ? AND m.address = ? AND m.gid > ? ORDER BY m.gid LIMIT ?`,
      [appId, address, afterGid ?? 0, count + 1],
    );
    const groups = rows.slice(0, count).map((r) => ({
      ...toGroup(r),
      send: Number(r.send) === 1,
      recv: Number(r.recv) === 1,
    }));
    return { groups, next: rows.length > count ? groups[groups.length - 1].gid : undefined };
  }

  /** Runs `fn` in one transaction of the directory's database (an import's chunk kept with its outcomes). */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    return this.db.tx(fn);
  }

  /** Members removed in bulk, in the transaction of their rows' outcomes. */
  async removeMembers(appId: number, gid: number, addresses: readonly string[], q: Queryable): Promise<void> {
    for (let i = 0; i < addresses.length; i += MEMBERS_PER_INSERT) {
      const chunk = addresses.slice(i, i + MEMBERS_PER_INSERT);
      await q.run(
        `DELETE FROM directory_members WHERE app_id = ? AND gid = ? AND address IN (${chunk.map(() => '?').join(', ')})`,
        [appId, gid, ...chunk],
      );
    }
  }

  async removeMember(appId: number, gid: number, address: string): Promise<void> {
    await this.db.run('DELETE FROM directory_members WHERE app_id = ? AND gid = ? AND address = ?', [
      appId,
      gid,
      address,
    ]);
  }

  async addMessage(
    appId: number,
    m: { mid: number; from: string; to: string[]; gid?: number; message: string; unconfirmed?: boolean },
  ) {
    await this.db.run(
      `INSERT INTO directory_messages (app_id, mid, sender, recipients, gid, message, ts, unconfirmed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        appId,
        m.mid,
        m.from,
        m.to.length ? `\n${m.to.join('\n')}\n` : '',
        m.gid ?? 0,
        m.message,
        now(),
        m.unconfirmed ? 1 : 0,
      ],
    );
  }

  /** Messages sent from the console, newest first, by sender, recipient, group or time (a range: lib/db/time-window.ts). */
  async listMessages(
    appId: number,
    filter: { from?: string; to?: string; with?: string; gid?: number; mid?: number; since?: number; until?: number },
    before: number | undefined,
    count: number,
  ) {
    const where = ['app_id = ?'];
    const params: (string | number)[] = [appId];
    // From and To match in any case (lib/db/search-keys.ts), as the bundled backend's messagesget.
    if (filter.from) {
      const senders = await addressSpellings(this.db, 'directory_users', appId, filter.from);
      where.push(`sender IN (${senders.map(() => '?').join(', ')})`);
      params.push(...senders);
    }
    if (filter.to) {
      const to = await addressSpellings(this.db, 'directory_users', appId, filter.to);
      where.push(`(${to.map(() => "recipients LIKE ? ESCAPE '\\'").join(' OR ')})`);
      params.push(...to.map((a) => `%\n${likeLiteral(a)}\n%`));
    }
    if (filter.with) {
      // A conversation: sent by it, or sent to it (the directory keeps both in the same row).
      const spellings = await addressSpellings(this.db, 'directory_users', appId, filter.with);
      where.push(
        `(sender IN (${spellings.map(() => '?').join(', ')}) OR ${spellings.map(() => "recipients LIKE ? ESCAPE '\\'").join(' OR ')})`,
      );
      params.push(...spellings, ...spellings.map((a) => `%\n${likeLiteral(a)}\n%`));
    }
    if (filter.gid) {
      where.push('gid = ?');
      params.push(filter.gid);
    }
    if (filter.mid) {
      where.push('mid = ?');
      params.push(filter.mid);
    }
    const window = await idWindow(this.db, { table: 'directory_messages', id: 'id' }, filter, appId);
    const range = inTimeRange({ ts: 'ts', id: 'id' }, filter, window, before);
    where.push(...range.where);
    params.push(...range.params);
    const rows = await this.db.all<{
      id: number;
      mid: number;
      sender: string;
      recipients: string;
      gid: number;
      message: string;
      ts: number;
      unconfirmed: number;
      gname: string | null;
    }>(
      `SELECT id, mid, sender, recipients, gid, message, ts, unconfirmed,
         (SELECT g.name FROM directory_groups g WHERE g.app_id = directory_messages.app_id AND g.gid = directory_messages.gid) AS gname
       FROM directory_messages WHERE ${where.join(' AND ')}
       ORDER BY id DESC LIMIT ?`,
      [...params, count + 1],
    );
    const messages: DirectoryMessage[] = rows.slice(0, count).map((r) => ({
      id: Number(r.id),
      mid: Number(r.mid),
      from: r.sender,
      to: r.recipients.split('\n').filter(Boolean),
      gid: Number(r.gid),
      groupName: r.gname ?? undefined,
      message: r.message,
      ts: Number(r.ts),
      unconfirmed: Number(r.unconfirmed) === 1,
    }));
    return { messages, next: rows.length > count ? messages[messages.length - 1].id : undefined };
  }

  async counts(appId: number): Promise<{ groups: number; messages: number }> {
    // From the counts kept per app (migrations 20 and 33): no visit counts a million rows.
    return {
      groups: await keptCount(this.db, DIRECTORY_COUNTS, appId, 'directory_groups'),
      messages: await keptCount(this.db, DIRECTORY_COUNTS, appId, 'directory_messages'),
    };
  }
}
