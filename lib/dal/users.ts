import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import type { AppAccess } from '@/lib/console/app-access';
import { Directory, type DirectoryUser } from '@/lib/console/directory';
import { newAddressMessage } from '@/lib/domain/address-rules';
import type { Page } from '@/lib/domain/paging';
import { ConsoleError } from '@/lib/errors';
import { callOp } from '@/lib/mesibo/client';
import { Empty, UserReply, UsersPage, type UserWire } from '@/lib/mesibo/contract';
import { offers } from '@/lib/mesibo/offers';
import { consoleDb } from '@/lib/server/db';
import { keptChange, listedOrKept } from './directory-mode';

/** Users, as the console shows them. Every function checks the operator's permission first. */
export interface UserRow {
  uid: number;
  address: string;
  name: string;
  active: boolean;
  flags: number;
  created?: number;
  tokens: { appid: string; expires: number }[];
  /** From the console's directory (the backend cannot list users): when the last change's outcome was unknown. */
  unconfirmedTs?: number;
  /** From the console's directory: how it learned of the user, and when it last changed here. */
  learned?: DirectoryUser['source'];
  changedTs?: number;
}
export interface IssuedToken {
  address: string;
  appid: string;
  token: string;
  expires: number;
}

const toRow = (u: UserWire): UserRow => ({
  uid: u.uid,
  address: u.address,
  name: u.name,
  active: u.active,
  flags: u.flags,
  created: u.ts,
  tokens: u.tokens ?? [],
});

const fromDirectory = (u: DirectoryUser): UserRow => ({
  uid: u.uid,
  address: u.address,
  name: u.name,
  active: u.active,
  flags: 0,
  created: u.createdTs,
  tokens: u.tokens,
  learned: u.source,
  changedTs: u.changedTs,
  ...(u.unconfirmedTs ? { unconfirmedTs: u.unconfirmedTs } : {}),
});

const directory = async () => new Directory(await consoleDb());

/**
 * A change to one user, kept in the directory where the backend cannot list users; an
 * unknown outcome marks the user unconfirmed.
 */
async function changeUser<T>(
  app: AppAccess,
  address: string,
  call: () => Promise<T>,
  keep: (dir: Directory, result: T) => Promise<void>,
): Promise<T> {
  return keptChange(
    app,
    'usersget',
    call,
    async (result) => keep(await directory(), result),
    async () => (await directory()).markUnconfirmed(app.id, address),
  );
}

/** Whether this app's users live in the console's directory (its backend cannot list them). */
export async function usersKeptHere(app: AppAccess): Promise<boolean> {
  await requirePermission('users.view');
  return !(await offers(app, 'usersget'));
}

/**
 * Adds an address to the directory without calling the backend (a user created elsewhere,
 * on a backend that cannot list users). Refused where the backend lists its users itself.
 */
export async function addToDirectory(app: AppAccess, address: string) {
  await requirePermission('users.edit');
  if (!(await usersKeptHere(app)))
    throw new ConsoleError('conflict', "This app's backend lists its users itself: there is no directory to add to.");
  const dir = await directory();
  if (!(await dir.getUser(app.id, address))) {
    refuseNewAddress(address);
    await dir.putUser(app.id, { address }, 'manual');
  }
  return { address };
}

/** An address the console is about to make known (to the directory or the backend) meets the rule for new addresses. */
function refuseNewAddress(address: string) {
  const problem = newAddressMessage(address);
  if (problem) throw new ConsoleError('invalid', `${JSON.stringify(address)} cannot be a new user here. ${problem}`);
}

/** Search text as an operator types it: a prefix, or a pattern when it has a `*`. */
export function searchPattern(q: string): string {
  return q === '' ? '' : q.includes('*') ? q : `${q}*`;
}

export async function listUsers(app: AppAccess, q: string, cursor: string | undefined, count = 25) {
  await requirePermission('users.view');
  return listedOrKept<Page<UserRow>>(
    app,
    'usersget',
    async () => {
      const page = await callOp(app, 'usersget', { user: { address: searchPattern(q) }, count, cursor }, UsersPage);
      return { rows: page.users.map(toRow), next: page.next, source: 'backend' };
    },
    async () => {
      const after = cursor && /^\d{1,16}$/.test(cursor) ? Number(cursor) : undefined;
      const page = await (await directory()).listUsers(app.id, searchPattern(q), after, count);
      return { rows: page.users.map(fromDirectory), next: page.next?.toString(), source: 'directory' };
    },
  );
}

/**
 * The user whose address is exactly `address`, or undefined; never another user. `*` is
 * the pattern character of usersget, and users created before it was refused in new
 * addresses may hold one, so the lookup asks for an exact match (`exact`, which the
 * bundled backend honours) and keeps only an identical address whatever comes back.
 */
export async function lookupUser(app: AppAccess, address: string): Promise<UserRow | undefined> {
  return listedOrKept(
    app,
    'usersget',
    async () => {
      const page = await callOp(app, 'usersget', { user: { address, exact: true }, count: 100 }, UsersPage);
      const u = page.users.find((x) => x.address === address);
      return u && toRow(u);
    },
    async () => {
      const u = await (await directory()).getUser(app.id, address);
      return u && fromDirectory(u);
    },
  );
}

export async function findUser(app: AppAccess, address: string): Promise<UserRow | undefined> {
  await requirePermission('users.view');
  return lookupUser(app, address);
}

/** users.edit, and tokens.manage when a token is asked for. */
export async function createUser(
  app: AppAccess,
  input: { address: string; name: string; appid?: string; expiryMinutes: number },
) {
  await requirePermission('users.edit');
  if (input.appid) await requirePermission('tokens.manage');
  const r = await changeUser(
    app,
    input.address,
    () =>
      callOp(
        app,
        'useradd',
        {
          user: {
            address: input.address,
            name: input.name,
            ...(input.appid ? { token: { appid: input.appid, expiry: input.expiryMinutes } } : {}),
          },
        },
        UserReply,
      ),
    (dir, reply) =>
      dir.putUser(app.id, {
        address: reply.user.address,
        name: reply.user.name,
        active: reply.user.active,
        token: reply.user.appid ? { appid: reply.user.appid, expires: reply.user.expires ?? 0 } : undefined,
      }),
  );
  const token: IssuedToken | undefined =
    r.user.token && r.user.appid
      ? { address: r.user.address, appid: r.user.appid, token: r.user.token, expires: r.user.expires ?? 0 }
      : undefined;
  return { user: toRow(r.user), token };
}

/** The name needs users.edit, the Active switch users.activate: each change is checked here. */
export async function saveUser(app: AppAccess, address: string, change: { name?: string; active?: boolean }) {
  if (change.name === undefined && change.active === undefined) throw new ConsoleError('invalid', 'Nothing to save.');
  if (change.name !== undefined) await requirePermission('users.edit');
  if (change.active !== undefined) await requirePermission('users.activate');
  const r = await changeUser(
    app,
    address,
    () => callOp(app, 'userset', { user: { address, ...change } }, UserReply),
    (dir) => dir.putUser(app.id, { address, ...change }),
  );
  return toRow(r.user);
}

export async function deleteUser(app: AppAccess, address: string) {
  await requirePermission('users.edit');
  await changeUser(
    app,
    address,
    () => callOp(app, 'userdel', { user: { address } }, Empty),
    (dir) => dir.removeUser(app.id, address),
  );
}

/**
 * A new access token for an App ID (tokens.manage). Where the directory is the list (the
 * backend cannot list users, so the console cannot see the backend's tokens either), the
 * operator must have confirmed that an existing token for the App ID is replaced (`replace`).
 * An address the directory does not know may not exist on the backend: the token is then
 * issued by useradd, which creates the user if it is missing, so it needs the right to create
 * users (users.edit) and an address that meets the rule for new ones; the directory learns the
 * user with the uid and name of the backend's answer, as first seen here.
 */
export async function issueToken(
  app: AppAccess,
  input: { address: string; appid: string; expiryMinutes: number; replace?: boolean },
): Promise<IssuedToken> {
  await requirePermission('tokens.manage');
  const { address, appid, expiryMinutes } = input;
  const keptHere = await usersKeptHere(app);
  const unknownHere = keptHere && !(await (await directory()).getUser(app.id, address));
  if (unknownHere) {
    await requirePermission('users.edit');
    refuseNewAddress(address);
  }
  if (keptHere && !input.replace)
    throw new ConsoleError(
      'conflict',
      `This app's backend cannot show its tokens, so a token for App ID ${appid} may exist: confirm that it is replaced (Replace token).`,
    );
  const token = { appid, expiry: expiryMinutes };
  const r = await changeUser(
    app,
    address,
    () =>
      unknownHere
        ? callOp(app, 'useradd', { user: { address, token } }, UserReply)
        : callOp(app, 'usertoken', { user: { address, token } }, UserReply),
    (dir, reply) =>
      dir.putUser(
        app.id,
        {
          address,
          uid: reply.user.uid,
          ...(unknownHere ? { name: reply.user.name, active: reply.user.active } : {}),
          token: { appid, expires: reply.user.expires ?? 0 },
        },
        unknownHere ? 'seen' : 'console',
      ),
  );
  if (!r.user.token) throw new Error('usertoken returned no token');
  return { address: r.user.address, appid: r.user.appid ?? appid, token: r.user.token, expires: r.user.expires ?? 0 };
}

export async function removeToken(app: AppAccess, address: string, appid: string) {
  await requirePermission('tokens.manage');
  await changeUser(
    app,
    address,
    () => callOp(app, 'userset', { user: { address, token: { remove: true, appid } } }, Empty),
    (dir) => dir.removeToken(app.id, address, appid),
  );
}
