import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import type { AppAccess } from '@/lib/console/app-access';
import { ConsoleError } from '@/lib/errors';
import { callOp } from '@/lib/mesibo/client';
import { Empty, UserReply, UsersPage, type UserWire } from '@/lib/mesibo/contract';

/** Users, as the console shows them. Every function checks the operator's permission first. */
export interface UserRow {
  uid: number;
  address: string;
  name: string;
  active: boolean;
  flags: number;
  created?: number;
  tokens: { appid: string; expires: number }[];
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

/** Search text as an operator types it: a prefix, or a pattern when it has a `*`. */
export function searchPattern(q: string): string {
  return q === '' ? '' : q.includes('*') ? q : `${q}*`;
}

export async function listUsers(app: AppAccess, q: string, cursor: string | undefined, count = 25) {
  await requirePermission('users.view');
  const page = await callOp(app, 'usersget', { user: { address: searchPattern(q) }, count, cursor }, UsersPage);
  return { rows: page.users.map(toRow), next: page.next };
}

/**
 * The user whose address is exactly `address`, or undefined; never another user. `*` is
 * the pattern character of usersget, and users created before it was refused in new
 * addresses may hold one, so the lookup asks for an exact match (`exact`, which the
 * bundled backend honours) and keeps only an identical address whatever comes back.
 */
export async function lookupUser(app: AppAccess, address: string): Promise<UserRow | undefined> {
  const page = await callOp(app, 'usersget', { user: { address, exact: true }, count: 100 }, UsersPage);
  const u = page.users.find((x) => x.address === address);
  return u && toRow(u);
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
  const r = await callOp(
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
  const r = await callOp(app, 'userset', { user: { address, ...change } }, UserReply);
  return toRow(r.user);
}

export async function deleteUser(app: AppAccess, address: string) {
  await requirePermission('users.edit');
  await callOp(app, 'userdel', { user: { address } }, Empty);
}

export async function issueToken(
  app: AppAccess,
  address: string,
  appid: string,
  expiryMinutes: number,
): Promise<IssuedToken> {
  await requirePermission('tokens.manage');
  const r = await callOp(app, 'usertoken', { user: { address, token: { appid, expiry: expiryMinutes } } }, UserReply);
  if (!r.user.token) throw new Error('usertoken returned no token');
  return { address: r.user.address, appid: r.user.appid ?? appid, token: r.user.token, expires: r.user.expires ?? 0 };
}

export async function removeToken(app: AppAccess, address: string, appid: string) {
  await requirePermission('tokens.manage');
  await callOp(app, 'userset', { user: { address, token: { remove: true, appid } } }, Empty);
}
