import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import type { AppAccess } from '@/lib/console/app-access';
import { Changed, type Changes, fieldChanges } from '@/lib/domain/audit-changes';
import { prefixPattern, type UserQuery } from '@/lib/domain/list-query';
import { addressKey } from '@/lib/domain/search-text';
import { tokenChange } from '@/lib/domain/token-list';
import { ConsoleError } from '@/lib/errors';
import { presenceStore } from '@/lib/server/webhooks';
import { sourcesFor } from '@/lib/sources';

export type { IssuedToken, UserRow } from '@/lib/sources';

/**
 * Users of an app, as the console shows them: each function checks the operator's permission,
 * then reads or changes through the app's users source (its Backend API, or the console's
 * directory where the backend cannot list), whichever this request chose.
 */
const usersOf = async (app: AppAccess) => (await sourcesFor(app)).users;

/** Whether this app's users live in the console's directory (its backend cannot list them). */
export async function usersKeptHere(app: AppAccess): Promise<boolean> {
  await requirePermission('users.view');
  return (await usersOf(app)).keptHere;
}

/**
 * Adds an address to the directory without calling the backend (a user created elsewhere, on
 * a backend that cannot list users); a new one meets the rule for new addresses. Refused
 * where the backend lists its users itself.
 */
export async function addToDirectory(app: AppAccess, address: string) {
  await requirePermission('users.edit');
  await (await usersOf(app)).adopt(address);
  return { address };
}

/**
 * A page of users with what webhooks said of them. `presence`: online (only those online now)
 * or seen (those webhooks reported, last seen first), where the directory is the list; the
 * search applies either way.
 */
export async function listUsers(
  app: AppAccess,
  query: UserQuery,
  cursor: string | undefined,
  count = 25,
  presence: '' | 'online' | 'seen' = '',
) {
  await requirePermission('users.view');
  const users = await usersOf(app);
  const seen = await presenceStore();
  const page = presence
    ? await users.listBySeen(
        { online: presence === 'online', onlineSince: seen.onlineSince(), pattern: prefixPattern(query.q) },
        cursor,
        count,
      )
    : await users.list(query, cursor, count);
  const known = await seen.of(
    app.id,
    page.rows.map((u) => u.address),
  );
  return { ...page, rows: page.rows.map((u) => ({ ...u, presence: known.get(u.address) })) };
}

/**
 * Users whose address differs from `address` only in case (a likely slip of the keyboard: the
 * backend tells them apart), where the list's search ignores case; [] where it cannot tell (a
 * mesibo backend's usersget is case-sensitive). The exact address first.
 */
export async function caseTwins(app: AppAccess, address: string): Promise<string[]> {
  await requirePermission('users.view');
  const page = await (await usersOf(app)).list({ q: address, sort: '-created' }, undefined, 10);
  if (page.search !== 'full') return [];
  const key = addressKey(address);
  return page.rows.filter((u) => u.address !== address && addressKey(u.address) === key).map((u) => u.address);
}

/** The user whose address is exactly `address`, or undefined; never another user; with what webhooks said of it. */
export async function lookupUser(app: AppAccess, address: string) {
  const user = await (await usersOf(app)).get(address);
  if (!user) return undefined;
  const known = await (await presenceStore()).of(app.id, [address]);
  return { ...user, presence: known.get(address) };
}

export async function findUser(app: AppAccess, address: string) {
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
  return (await usersOf(app)).create(input);
}

/** The name needs users.edit, the Active switch users.activate: each change is checked here. */
export async function saveUser(app: AppAccess, address: string, change: { name?: string; active?: boolean }) {
  if (change.name === undefined && change.active === undefined) throw new ConsoleError('invalid', 'Nothing to save.');
  if (change.name !== undefined) await requirePermission('users.edit');
  if (change.active !== undefined) await requirePermission('users.activate');
  const users = await usersOf(app);
  // The audit entry says what changed: the user as the source held it just before, and after.
  const before = await users.get(address);
  const saved = await users.save(address, change);
  return new Changed(saved, {
    basis: users.reads,
    fields: fieldChanges(
      before,
      saved,
      (['name', 'active'] as const).filter((k) => change[k] !== undefined),
    ),
  });
}

export async function deleteUser(app: AppAccess, address: string) {
  await requirePermission('users.edit');
  await (await usersOf(app)).remove(address);
}

/**
 * A new access token for an App ID (tokens.manage). Where issuing it may create the user (an
 * address the console's directory does not know: useradd creates a missing user) it needs the
 * right to create users (users.edit), and the source holds the address to the rule for new
 * ones; where
 * the console cannot see the user's tokens, the operator must have confirmed that an existing
 * token for the App ID is replaced (`replace`).
 */
export async function issueToken(
  app: AppAccess,
  input: { address: string; appid: string; expiryMinutes: number; replace?: boolean },
) {
  await requirePermission('tokens.manage');
  const { address, appid, expiryMinutes } = input;
  const users = await usersOf(app);
  const plan = await users.tokenPlan(address);
  if (plan.createsUser) await requirePermission('users.edit');
  if (!plan.tokensKnown && !input.replace)
    throw new ConsoleError(
      'conflict',
      `This app's backend cannot show its tokens, so a token for App ID ${appid} may exist: confirm that it is replaced (Replace token).`,
    );
  // The audit entry says which App ID's token changed and its expiry before and after (never the token).
  const before = (await users.get(address))?.tokens;
  const issued = await users.issueToken(address, { appid, expiry: expiryMinutes }, plan);
  return new Changed(issued, { basis: users.reads, fields: [tokenChange(appid, before, issued)] });
}

export async function removeToken(app: AppAccess, address: string, appid: string) {
  await requirePermission('tokens.manage');
  const users = await usersOf(app);
  const before = (await users.get(address))?.tokens;
  await users.removeToken(address, appid);
  return { basis: users.reads, fields: [tokenChange(appid, before, undefined)] } satisfies Changes;
}
