import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import type { AppAccess } from '@/lib/console/app-access';
import { Changed, fieldChanges } from '@/lib/domain/audit-changes';
import { groupChanges } from '@/lib/domain/group-flags';
import { MEMBERS_PAGE } from '@/lib/domain/limits';
import type { GroupQuery } from '@/lib/domain/list-query';
import { OpError } from '@/lib/mesibo/errors';
import { type GroupRow, type GroupsSource, type MemberPermissions, sourcesFor } from '@/lib/sources';
import type { MemberPageQuery } from '@/lib/validations/groups';
import { caseTwins } from './users';

export type { GroupRow, MemberRow, UserGroupRow, UserGroups } from '@/lib/sources';

/**
 * Groups and members of an app, as the console shows them: each function checks the
 * operator's permission, then goes through the app's groups source (its Backend API, or the
 * console's directory where the backend cannot list groups).
 */
const groupsOf = async (app: AppAccess) => (await sourcesFor(app)).groups;

/** A page of groups for a query (lib/domain/list-query.ts), with the count of all its pages where counted. */
export async function listGroups(app: AppAccess, query: GroupQuery, cursor?: string, count = 25) {
  await requirePermission('groups.view');
  return (await groupsOf(app)).list(query, cursor, count);
}

export async function getGroup(app: AppAccess, gid: number): Promise<GroupRow | undefined> {
  await requirePermission('groups.view');
  return (await groupsOf(app)).get(gid);
}

/** Whether this app's groups live in the console's directory (its backend cannot list them). */
export async function groupsKeptHere(app: AppAccess): Promise<boolean> {
  await requirePermission('groups.view');
  return (await groupsOf(app)).keptHere;
}

/**
 * A group the console cannot look up: its members (groupgetmembers, which mesibo's cloud has)
 * say whether the backend has it; undefined when not.
 */
export async function groupByMembers(app: AppAccess, gid: number) {
  try {
    const members = await listMembers(app, gid);
    const group: GroupRow = { gid, name: '', flags: 0, active: true, members: members.total ?? members.rows.length };
    return { group, members };
  } catch (e) {
    if (e instanceof OpError && e.error === 'NOGROUP') return undefined;
    throw e;
  }
}

/** A page of a group's members by number, those whose address starts with `query.q` (any case). */
export async function listMembers(app: AppAccess, gid: number, query: MemberPageQuery = { q: '', page: 1 }) {
  await requirePermission('groups.view');
  return (await groupsOf(app)).memberPage(gid, query, MEMBERS_PAGE);
}

/** The groups a user belongs to, by gid, with the user's permissions in each (a page of `count`). */
export async function listUserGroups(app: AppAccess, address: string, cursor?: string, count = 50) {
  await requirePermission('groups.view');
  return (await groupsOf(app)).ofUser(address, cursor, count);
}

export async function createGroup(app: AppAccess, name: string, flags: number) {
  await requirePermission('groups.edit');
  return (await groupsOf(app)).create(name, flags);
}

/** The group's name and settings; the audit entry says what changed (settings by their choice names). */
export async function saveGroup(app: AppAccess, gid: number, name: string, flags: number) {
  await requirePermission('groups.edit');
  const groups = await groupsOf(app);
  const before = await groups.get(gid);
  const saved = await groups.save(gid, name, flags);
  return new Changed(saved, { basis: groups.reads, fields: groupChanges(before, saved) });
}

export async function deleteGroup(app: AppAccess, gid: number) {
  await requirePermission('groups.edit');
  await (await groupsOf(app)).remove(gid);
}

export type AddMembersResult =
  | { ok: true; added: number; members: number }
  /** `keptHere`: the unknown ones are those the console's directory does not know (the backend cannot look users up). */
  | {
      ok: false;
      unknown: string[];
      checked: number;
      keptHere: boolean;
      /** An unknown address → the user's address it differs from only in case (the first 50 unknown asked). */
      didYouMean: Record<string, string>;
    };

/**
 * groups.edit: adds members in one call, so nothing is added when any address is unknown.
 * On NOUSER, finds exactly which addresses are unknown (the backend's sentence may be
 * shortened), so the console can show a result per address.
 */
/** Unknown addresses looked up for a user of another case (a search each). */
const DID_YOU_MEAN = 50;

export async function addMembers(
  app: AppAccess,
  gid: number,
  addresses: string[],
  perms: { send: boolean; recv: boolean },
): Promise<AddMembersResult> {
  await requirePermission('groups.edit');
  const { groups, users } = await sourcesFor(app);
  try {
    const group = await groups.addMembers(gid, addresses, perms);
    return { ok: true, added: addresses.length, members: group.members };
  } catch (e) {
    if (!(e instanceof OpError) || e.error !== 'NOUSER') throw e;
    const unknown: string[] = [];
    for (const address of addresses) if (!(await users.get(address))) unknown.push(address);
    const didYouMean: Record<string, string> = {};
    for (const address of unknown.slice(0, DID_YOU_MEAN)) {
      const [twin] = await caseTwins(app, address);
      if (twin) didYouMean[address] = twin;
    }
    return { ok: false, unknown, checked: addresses.length, keptHere: users.keptHere, didYouMean };
  }
}

/**
 * A member's permissions; the audit entry says what changed ("can send: true → false"), the
 * value before read where the groups source reads members (a member not found there: not known).
 */
export async function setMemberPermissions(app: AppAccess, gid: number, address: string, change: MemberPermissions) {
  await requirePermission('groups.edit');
  const groups = await groupsOf(app);
  const before = await permissionsBefore(groups, gid, address);
  await groups.setMemberPermissions(gid, address, change);
  const shown = (p: MemberPermissions) => ({ 'can send': p.send, 'can receive': p.recv });
  const fields = (['send', 'recv'] as const).filter((k) => change[k] !== undefined);
  return new Changed(
    { gid, address },
    {
      basis: groups.reads,
      fields: fieldChanges(
        before && shown(before),
        shown(change),
        fields.map((k) => (k === 'send' ? 'can send' : 'can receive')),
      ),
    },
  );
}

/** How many members a change of one member's permissions reads, at most, to find its value before. */
const BEFORE_SCAN = 2000;

/**
 * A member's permissions before a change: looked up at once where the source can (the bundled
 * backend), else found among the group's first members, read page by page; undefined when not found.
 */
async function permissionsBefore(groups: GroupsSource, gid: number, address: string) {
  const known = await groups.memberships(gid, [address]);
  if (known) return known.get(address);
  let cursor: string | undefined;
  for (let read = 0; read < BEFORE_SCAN; read += 500) {
    const page = await groups.members(gid, cursor, 500);
    const member = page.rows.find((m) => m.address === address);
    if (member) return member.permissions;
    if (!page.next) return undefined;
    cursor = page.next;
  }
  return undefined;
}

export async function removeMember(app: AppAccess, gid: number, address: string) {
  await requirePermission('groups.edit');
  await (await groupsOf(app)).removeMember(gid, address);
}
