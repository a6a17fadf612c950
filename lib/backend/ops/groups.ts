import { groupFilters } from '@/lib/db/group-filters';
import { inList, rowsByPattern } from '@/lib/db/listing';
import type { Condition, SearchTable } from '@/lib/db/search';
import { noteBulkWrite } from '@/lib/db/statistics';
import { DELIVERY_CHOICES, FLAG, SEND_CHOICES } from '@/lib/domain/group-flags';
import { addressKey, nameKey } from '@/lib/domain/search-text';
import { fail } from '../errors';
import {
  address,
  addressList,
  addressPattern,
  bool,
  listing,
  name,
  obj,
  oneOf,
  optObj,
  pageNumber,
  parseFields,
  positiveId,
  required,
  searchCursor,
  searchText,
  uint,
} from '../fields';
import { GROUPS_KEYED, GROUPS_TRIGRAMS } from '../search-keys';
import { type OpContext, type OpHandler, type OpRequest, page, type Queryable } from './context';
import { appCount } from './counts';
import { patternFilter, searchPage } from './search';

/** Group ops: groupadd, groupset, groupdel, groupeditmembers, groupgetmembers, groupsget, usergroupsget. */

/** The behaviour bits the engine applies (any others are stored and returned as given). */
export const GROUP_FLAGS = FLAG;
/** Member permission bits, as the real-time SDK numbers them. */
export const PERM = { send: 0x1, recv: 0x2, pub: 0x4, sub: 0x8, list: 0x10 } as const;
const ALL_PERMS = 0x1f;
const DEFAULT_GROUP_EXPIRY = 31_536_000; // one year, in seconds
const MAX_MEMBERS_PER_EDIT = 10_000;

export type GroupRow = { gid: number; name: string; flags: number; active: number; ts: number; members: number };
const GROUP_COLUMNS = `g.gid, g.name, g.flags, g.active, g.ts, (SELECT COUNT(*) FROM members m WHERE m.gid = g.gid) AS members`;

const groupDto = (g: GroupRow) => ({
  gid: Number(g.gid),
  name: g.name,
  flags: Number(g.flags),
  active: Number(g.active) === 1,
  members: Number(g.members),
});

const permissions = () => optObj({ send: bool(), recv: bool(), pub: bool(), sub: bool(), list: bool() });
const memberFields = () =>
  optObj({ m: addressList(MAX_MEMBERS_PER_EDIT), permissions: permissions(), admin: bool(), remove: bool() });
const groupSettings = {
  name: name(),
  flags: uint(),
  active: bool(),
  expiry: uint(),
  expiryext: uint(),
};

async function loadGroup(q: Pick<Queryable, 'get'>, ctx: OpContext, gid: number): Promise<GroupRow> {
  const g = await q.get<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM chat_groups g WHERE g.app_id = ? AND g.gid = ?`, [
    ctx.app.id,
    gid,
  ]);
  if (!g) throw fail.noGroup(gid, 'group.gid');
  return g;
}

/** Resolves addresses to uids; throws NOUSER naming every unknown address (nothing changes). */
export async function resolveUsers(
  q: Pick<Queryable, 'all'>,
  ctx: OpContext,
  addresses: string[],
  property: string,
): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (let i = 0; i < addresses.length; i += 500) {
    const chunk = addresses.slice(i, i + 500);
    const rows = await q.all<{ uid: number; address: string }>(
      `SELECT uid, address FROM users WHERE app_id = ? AND address IN ${inList(chunk)}`,
      [ctx.app.id, ...chunk],
    );
    for (const r of rows) found.set(r.address, Number(r.uid));
  }
  const unknown = addresses.filter((a) => !found.has(a));
  if (unknown.length) throw fail.noUser(unknown, property);
  return found;
}

type MemberEdit = {
  m?: string[];
  permissions?: Partial<Record<keyof typeof PERM, boolean | undefined>>;
  admin?: boolean;
  remove?: boolean;
};

/** Adds, updates or removes the listed members of `gid` (all addresses must exist). */
async function editMembers(q: Queryable, ctx: OpContext, gid: number, edit: MemberEdit, remove: boolean) {
  if (!edit.m?.length) return;
  const uids = await resolveUsers(q, ctx, edit.m, 'group.members.m');
  if (remove) {
    const list = [...uids.values()];
    for (let i = 0; i < list.length; i += 500) {
      const chunk = list.slice(i, i + 500);
      await q.run(`DELETE FROM members WHERE gid = ? AND uid IN ${inList(chunk)}`, [gid, ...chunk]);
    }
    return;
  }
  // Only the permissions named in the request change on existing members; new members get the rest as true.
  let mask = 0;
  let value = 0;
  for (const [key, bit] of Object.entries(PERM)) {
    const v = edit.permissions?.[key as keyof typeof PERM];
    if (v === undefined) continue;
    mask |= bit;
    if (v) value |= bit;
  }
  const fresh = (ALL_PERMS & ~mask) | value;
  const admin = edit.admin === undefined ? null : Number(edit.admin);
  // Many rows per statement: an edit of 1,000 members is two statements, not a thousand round
  // trips. A group grown by thousands (an import) gets fresh planner statistics early.
  const list = [...uids.values()];
  await noteBulkWrite(ctx.db, ctx.db, 'members', list.length);
  for (let i = 0; i < list.length; i += 500) {
    const chunk = list.slice(i, i + 500);
    await q.run(
      `INSERT INTO members (gid, uid, perms, admin, ts) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}
       ON CONFLICT (gid, uid) DO UPDATE SET perms = (members.perms & ?) | ?, admin = COALESCE(?, members.admin)`,
      [...chunk.flatMap((uid) => [gid, uid, fresh, admin ?? 0, ctx.now]), ALL_PERMS & ~mask, value, admin],
    );
  }
}

const GroupAdd = obj({ group: obj({ ...groupSettings, members: memberFields() }) });

export const groupadd: OpHandler = async (ctx, req) => {
  const { group } = parseFields(GroupAdd, req);
  return ctx.db.tx(async (q) => {
    const row = await q.get<{ gid: number }>(
      `INSERT INTO chat_groups (app_id, name, name_key, flags, active, expiry, expiryext, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING gid`,
      [
        ctx.app.id,
        group.name ?? '',
        nameKey(group.name ?? ''),
        group.flags ?? 0,
        group.active === false ? 0 : 1,
        group.expiry ?? DEFAULT_GROUP_EXPIRY,
        group.expiryext ?? 0,
        ctx.now,
      ],
    );
    if (!row) throw new Error('group insert returned nothing');
    if (group.members) await editMembers(q, ctx, Number(row.gid), group.members, group.members.remove === true);
    return { group: groupDto(await loadGroup(q, ctx, Number(row.gid))) };
  });
};

const GroupSet = obj({
  group: obj({ gid: required(positiveId()), ...groupSettings, members: memberFields() }),
});

export const groupset: OpHandler = async (ctx, req) => {
  const { group } = parseFields(GroupSet, req);
  return ctx.db.tx(async (q) => {
    await loadGroup(q, ctx, group.gid);
    await q.run(
      `UPDATE chat_groups SET name = COALESCE(?, name), name_key = COALESCE(?, name_key), flags = COALESCE(?, flags),
         active = COALESCE(?, active), expiry = COALESCE(?, expiry), expiryext = COALESCE(?, expiryext) WHERE gid = ?`,
      [
        group.name ?? null,
        group.name === undefined ? null : nameKey(group.name),
        group.flags ?? null,
        group.active === undefined ? null : Number(group.active),
        group.expiry ?? null,
        group.expiryext ?? null,
        group.gid,
      ],
    );
    if (group.members) await editMembers(q, ctx, group.gid, group.members, group.members.remove === true);
    return { group: groupDto(await loadGroup(q, ctx, group.gid)) };
  });
};

const GroupRef = obj({ group: obj({ gid: required(positiveId()) }) });

export const groupdel: OpHandler = async (ctx, req) => {
  const { group } = parseFields(GroupRef, req);
  return ctx.db.tx(async (q) => {
    const g = await loadGroup(q, ctx, group.gid);
    await q.run('DELETE FROM chat_groups WHERE gid = ?', [group.gid]);
    return { group: { gid: Number(g.gid), name: g.name } };
  });
};

const GroupEditMembers = obj({
  group: obj({
    gid: required(positiveId()),
    delete: bool(),
    members: obj({
      m: required(addressList(MAX_MEMBERS_PER_EDIT)),
      permissions: permissions(),
      admin: bool(),
      remove: bool(),
    }),
  }),
});

export const groupeditmembers: OpHandler = async (ctx, req) => {
  const { group } = parseFields(GroupEditMembers, req);
  return ctx.db.tx(async (q) => {
    await loadGroup(q, ctx, group.gid);
    await editMembers(q, ctx, group.gid, group.members, group.delete === true || group.members.remove === true);
    return { group: groupDto(await loadGroup(q, ctx, group.gid)) };
  });
};

const GroupGetMembers = obj({
  group: obj({ gid: required(positiveId()) }),
  ...listing,
  // This product's extension (`groupgetmembers.pages`): an address prefix in any case, a page
  // by its number, and the count of the members it matches.
  q: searchText(),
  page: pageNumber(),
  total: bool(),
});

type MemberSqlRow = { uid: number; address: string; name: string; perms: number; admin: number };

/**
 * A group's members in uid order, a page of `count` after `cursor`; with this product's
 * extension, only those whose address starts with `q` (any case, read from the users' address
 * key), page `page` of them (a page past the end is the last one, and says its number), and
 * `total` (the count of those `q` matches). Both read the members' (gid, uid) key: 10,000
 * members are counted and skipped through in the index.
 */
export const groupgetmembers: OpHandler = async (ctx, req) => {
  const { group, count, cursor, q, page: pageNo, total: wantTotal } = parseFields(GroupGetMembers, req);
  await loadGroup(ctx.db, ctx, group.gid);
  const key = q?.trim() ? addressKey(q.trim()) : '';
  const match = key ? ' AND u.address_key >= ? AND u.address_key < ?' : '';
  const matchParams = key ? [key, `${key}\u{10FFFF}`] : [];
  const paged = pageNo !== undefined;
  const total =
    wantTotal || paged
      ? Number(
          (
            await ctx.db.get<{ n: number }>(
              key
                ? `SELECT COUNT(*) AS n FROM members m JOIN users u ON u.uid = m.uid WHERE m.gid = ?${match}`
                : 'SELECT COUNT(*) AS n FROM members m WHERE m.gid = ?',
              [group.gid, ...matchParams],
            )
          )?.n ?? 0,
        )
      : undefined;
  // A page past the end is the last one (a member removed since its number was shown).
  const pageAnswered = paged ? Math.max(1, Math.min(pageNo, Math.ceil((total ?? 0) / count))) : undefined;
  const rows = await ctx.db.all<MemberSqlRow>(
    `SELECT m.uid, u.address, u.name, m.perms, m.admin FROM members m JOIN users u ON u.uid = m.uid
     WHERE m.gid = ?${paged ? '' : ' AND m.uid > ?'}${match} ORDER BY m.uid LIMIT ?${paged ? ' OFFSET ?' : ''}`,
    paged
      ? [group.gid, ...matchParams, count + 1, ((pageAnswered ?? 1) - 1) * count]
      : [group.gid, cursor ?? 0, ...matchParams, count + 1],
  );
  const { rows: kept, next } = page(rows, count, (r) => Number(r.uid));
  const members = kept.map((r) => ({
    uid: Number(r.uid),
    address: r.address,
    name: r.name,
    permissions: permissionsOf(Number(r.perms)),
    admin: Number(r.admin) === 1,
  }));
  return {
    group: { gid: group.gid },
    members,
    ...(next ? { next } : {}),
    ...(pageAnswered !== undefined ? { page: pageAnswered } : {}),
    ...(total !== undefined ? { total } : {}),
  };
};

const permissionsOf = (perms: number) =>
  Object.fromEntries(Object.entries(PERM).map(([k, bit]) => [k, (perms & bit) !== 0]));

const UserGroupsGet = obj({ user: obj({ address: required(address()) }), ...listing });

/**
 * The groups a user belongs to, by gid, with the user's permissions in each (this product's
 * extension): read from the members' index by user, a page at a time.
 */
export const usergroupsget: OpHandler = async (ctx, req) => {
  const { user, count, cursor } = parseFields(UserGroupsGet, req);
  const found = await ctx.db.get<{ uid: number }>('SELECT uid FROM users WHERE app_id = ? AND address = ?', [
    ctx.app.id,
    user.address,
  ]);
  if (!found) throw fail.noUser([user.address], 'user.address');
  const rows = await ctx.db.all<GroupRow & { perms: number; admin: number }>(
    `SELECT g.gid, g.name, g.flags, g.active, g.ts, m.perms, m.admin FROM members m JOIN chat_groups g ON g.gid = m.gid
     WHERE m.uid = ? AND m.gid > ? ORDER BY m.gid LIMIT ?`,
    [found.uid, cursor ?? 0, count + 1],
  );
  const { rows: kept, next } = page(rows, count, (r) => Number(r.gid));
  const groups = kept.map((g) => ({
    gid: Number(g.gid),
    name: g.name,
    flags: Number(g.flags),
    active: Number(g.active) === 1,
    permissions: permissionsOf(Number(g.perms)),
    admin: Number(g.admin) === 1,
  }));
  const who = { uid: Number(found.uid), address: user.address };
  return next ? { user: who, groups, next } : { user: who, groups };
};

const GroupsGet = obj({ group: obj({ name: addressPattern() }), ...listing });

export const groupsget: OpHandler = async (ctx, req) => {
  if (SEARCH_FIELDS.some((f) => req[f] !== undefined && req[f] !== null)) return searchGroups(ctx, req);
  const { group, count, cursor } = parseFields(GroupsGet, req);
  const rows = await rowsByPattern<GroupRow>(
    ctx.db,
    {
      table: 'chat_groups',
      idColumn: 'gid',
      column: 'name',
      appId: ctx.app.id,
      pattern: group.name,
      after: cursor,
      limit: count + 1,
    },
    GROUP_COLUMNS,
    'g',
  );
  const { rows: kept, next } = page(rows, count, (r) => Number(r.gid));
  const groups = kept.map((g) => ({ ...groupDto(g), ts: Number(g.ts) }));
  return next ? { groups, next } : { groups };
};

/**
 * Search (our extension, docs/backend-api.md), as usersget's: any of these fields makes
 * `groupsget` a search, newest first unless sorted otherwise, with a cursor of its own.
 */
const SEARCH_FIELDS = ['q', 'sort', 'filter', 'total'] as const;
const GROUP_SORTS = ['-created', 'created', 'name'] as const;
const GroupsSearch = obj({
  group: obj({ name: addressPattern() }),
  q: searchText(),
  sort: oneOf(GROUP_SORTS),
  filter: optObj({ send: oneOf(SEND_CHOICES.map(([v]) => v)), delivery: oneOf(DELIVERY_CHOICES.map(([v]) => v)) }),
  total: bool(),
  count: listing.count,
  cursor: searchCursor(),
});
const GROUPS: SearchTable = {
  table: 'chat_groups',
  id: 'gid',
  name: 'name',
  nameKey: 'name_key',
  number: 'gid',
  trigrams: GROUPS_TRIGRAMS,
};

async function searchGroups(ctx: OpContext, req: OpRequest) {
  const r = parseFields(GroupsSearch, req);
  const filters: Condition[] = [...groupFilters(r.filter), ...patternFilter('t.name', r.group.name)];
  const found = await searchPage<GroupRow>(ctx, GROUPS, GROUPS_KEYED, {
    q: r.q,
    sort: r.sort ?? '-created',
    filters,
    after: r.cursor,
    limit: r.count,
    select: GROUP_COLUMNS.replaceAll('g.', 't.'),
    total: r.total,
    all: () => appCount(ctx, 'chat_groups'),
  });
  const groups = found.rows.map((g) => ({ ...groupDto(g), ts: Number(g.ts) }));
  return { groups, ...(found.next ? { next: found.next } : {}), ...found.counted };
}

/**
 * Which of these addresses are members of group `gid` of app `appId`, with their send and
 * receive permissions (an Import members dry run: new, the same, or a change). No such group:
 * an empty map.
 */
export async function membersByAddress(
  q: Queryable,
  appId: number,
  gid: number,
  addresses: readonly string[],
): Promise<{ address: string; send: boolean; recv: boolean }[]> {
  const found: { address: string; send: boolean; recv: boolean }[] = [];
  // Two lookups, each by an index (the addresses' uids, then those uids' rows of the group): a
  // join could scan every member of a large group for each batch of an import.
  for (let i = 0; i < addresses.length; i += 500) {
    const chunk = addresses.slice(i, i + 500);
    const users = await q.all<{ uid: number; address: string }>(
      `SELECT uid, address FROM users WHERE app_id = ? AND address IN ${inList(chunk)}`,
      [appId, ...chunk],
    );
    if (users.length === 0) continue;
    const addressOf = new Map(users.map((u) => [Number(u.uid), u.address]));
    const uids = [...addressOf.keys()];
    const rows = await q.all<{ uid: number; perms: number }>(
      `SELECT uid, perms FROM members WHERE gid = ? AND uid IN ${inList(uids)}`,
      [gid, ...uids],
    );
    for (const r of rows)
      found.push({
        address: addressOf.get(Number(r.uid)) ?? '',
        send: (Number(r.perms) & PERM.send) !== 0,
        recv: (Number(r.perms) & PERM.recv) !== 0,
      });
  }
  return found;
}
