import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import type { AppAccess } from '@/lib/console/app-access';
import { DirectoryGroups } from '@/lib/console/directory-groups';
import type { Page } from '@/lib/domain/paging';
import { callOp } from '@/lib/mesibo/client';
import { Empty, GroupReply, GroupsPage, type GroupWire, MembersPage, type MemberWire } from '@/lib/mesibo/contract';
import { OpError } from '@/lib/mesibo/errors';
import { offers } from '@/lib/mesibo/offers';
import { consoleDb } from '@/lib/server/db';
import { keptChange, listedOrKept } from './directory-mode';
import { lookupUser } from './users';

/** Groups and members, as the console shows them. Every function checks the operator's permission first. */
/** `unconfirmedTs`: from the console's directory, when the outcome of the last change was unknown. */
export type GroupRow = GroupWire & { unconfirmedTs?: number };
export type MemberRow = MemberWire;

export function groupPattern(q: string): string {
  return q === '' ? '' : q.includes('*') ? q : `${q}*`;
}

const directory = async () => new DirectoryGroups(await consoleDb());

/** Groups come from the backend's groupsget, or where it has none from the console's directory. */
export async function listGroups(app: AppAccess, q: string, cursor?: string, count = 25) {
  await requirePermission('groups.view');
  return listedOrKept<Page<GroupRow>>(
    app,
    'groupsget',
    async () => {
      const page = await callOp(app, 'groupsget', { group: { name: groupPattern(q) }, count, cursor }, GroupsPage);
      return { rows: page.groups, next: page.next, source: 'backend' };
    },
    async () => {
      const after = cursor && /^\d{1,16}$/.test(cursor) ? Number(cursor) : undefined;
      const page = await (await directory()).listGroups(app.id, groupPattern(q), after, count);
      return { rows: page.groups, next: page.next?.toString(), source: 'directory' };
    },
  );
}

/**
 * One group by gid (the backend lists by name, so this reads one row of gid order from
 * gid-1); where the backend cannot list, the directory's name and flags.
 */
export async function getGroup(app: AppAccess, gid: number): Promise<GroupRow | undefined> {
  await requirePermission('groups.view');
  return listedOrKept(
    app,
    'groupsget',
    async () => {
      const page = await callOp(
        app,
        'groupsget',
        { count: 1, ...(gid > 1 ? { cursor: String(gid - 1) } : {}) },
        GroupsPage,
      );
      return page.groups.find((g) => g.gid === gid);
    },
    async () => (await directory()).getGroup(app.id, gid),
  );
}

/** Whether this app's groups live in the console's directory (its backend cannot list them). */
export async function groupsKeptHere(app: AppAccess): Promise<boolean> {
  await requirePermission('groups.view');
  return !(await offers(app, 'groupsget'));
}

/**
 * A group the directory does not know, on a backend that cannot list groups: its members
 * (groupgetmembers, which mesibo's cloud has) say whether the backend has it; undefined when not.
 */
export async function groupByMembers(app: AppAccess, gid: number) {
  try {
    const members = await listMembers(app, gid);
    const group: GroupRow = { gid, name: '', flags: 0, active: true, members: members.rows.length };
    return { group, members };
  } catch (e) {
    if (e instanceof OpError && e.error === 'NOGROUP') return undefined;
    throw e;
  }
}

/** A change to a group, kept in the directory where the backend cannot list groups. */
async function changeGroup<T>(
  app: AppAccess,
  gid: number | undefined,
  call: () => Promise<T>,
  keep: (dir: DirectoryGroups, result: T) => Promise<void>,
) {
  return keptChange(
    app,
    'groupsget',
    call,
    async (result) => keep(await directory(), result),
    async () => {
      if (gid !== undefined) await (await directory()).markUnconfirmed(app.id, gid);
    },
  );
}

export async function listMembers(app: AppAccess, gid: number, cursor?: string, count = 100) {
  await requirePermission('groups.view');
  const page = await callOp(app, 'groupgetmembers', { group: { gid }, count, cursor }, MembersPage);
  return { rows: page.members, next: page.next };
}

export async function createGroup(app: AppAccess, name: string, flags: number) {
  await requirePermission('groups.edit');
  const r = await changeGroup(
    app,
    undefined,
    () => callOp(app, 'groupadd', { group: { name, flags } }, GroupReply),
    (dir, reply) => dir.putGroup(app.id, reply.group),
  );
  return r.group;
}

export async function saveGroup(app: AppAccess, gid: number, name: string, flags: number) {
  await requirePermission('groups.edit');
  const r = await changeGroup(
    app,
    gid,
    () => callOp(app, 'groupset', { group: { gid, name, flags } }, GroupReply),
    (dir, reply) => dir.putGroup(app.id, reply.group),
  );
  return r.group;
}

export async function deleteGroup(app: AppAccess, gid: number) {
  await requirePermission('groups.edit');
  await changeGroup(
    app,
    gid,
    () => callOp(app, 'groupdel', { group: { gid } }, Empty),
    (dir) => dir.removeGroup(app.id, gid),
  );
}

export type AddMembersResult =
  | { ok: true; added: number; members: number }
  /** `keptHere`: the unknown ones are those the console's directory does not know (the backend cannot look users up). */
  | { ok: false; unknown: string[]; checked: number; keptHere: boolean };

/**
 * groups.edit: adds members in one call, so nothing is added when any address is unknown.
 * On NOUSER, finds exactly which addresses are unknown (the backend's sentence may be
 * shortened), so the console can show a result per address.
 */
export async function addMembers(
  app: AppAccess,
  gid: number,
  addresses: string[],
  perms: { send: boolean; recv: boolean },
): Promise<AddMembersResult> {
  await requirePermission('groups.edit');
  try {
    const r = await changeGroup(
      app,
      gid,
      () =>
        callOp(
          app,
          'groupeditmembers',
          { group: { gid, members: { m: addresses, permissions: { send: perms.send, recv: perms.recv } } } },
          GroupReply,
        ),
      async (dir, reply) => {
        await dir.putGroup(app.id, reply.group);
        await dir.putMembers(app.id, gid, addresses, perms);
      },
    );
    return { ok: true, added: addresses.length, members: r.group.members };
  } catch (e) {
    if (!(e instanceof OpError) || e.error !== 'NOUSER') throw e;
    const unknown: string[] = [];
    for (const address of addresses) if (!(await lookupUser(app, address))) unknown.push(address);
    return { ok: false, unknown, checked: addresses.length, keptHere: !(await offers(app, 'usersget')) };
  }
}

export async function setMemberPermissions(
  app: AppAccess,
  gid: number,
  address: string,
  change: { send?: boolean; recv?: boolean },
) {
  await requirePermission('groups.edit');
  await changeGroup(
    app,
    gid,
    () =>
      callOp(app, 'groupeditmembers', { group: { gid, members: { m: [address], permissions: change } } }, GroupReply),
    async (dir, reply) => {
      await dir.putGroup(app.id, reply.group);
      await dir.putMembers(app.id, gid, [address], change);
    },
  );
}

export async function removeMember(app: AppAccess, gid: number, address: string) {
  await requirePermission('groups.edit');
  await changeGroup(
    app,
    gid,
    () => callOp(app, 'groupeditmembers', { group: { gid, delete: true, members: { m: [address] } } }, GroupReply),
    async (dir, reply) => {
      await dir.putGroup(app.id, reply.group);
      await dir.removeMember(app.id, gid, address);
    },
  );
}
