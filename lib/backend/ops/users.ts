import { inList, rowsByPattern } from '@/lib/db/listing';
import { type Condition, hasRow, type SearchTable, SORTS } from '@/lib/db/search';
import { putNameWords } from '@/lib/db/search-keys';
import { NEW_ADDRESS_RULES, newAddressProblem } from '@/lib/domain/address-rules';
import { addressKey, nameWords } from '@/lib/domain/search-text';
import { DEFAULT_TOKEN_MINUTES, MAX_TOKEN_MINUTES } from '@/lib/domain/token-lifetime';
import { fail } from '../errors';
import {
  address,
  addressPattern,
  appid,
  bool,
  freeText,
  listing,
  name,
  obj,
  oneOf,
  optObj,
  parseFields,
  positiveId,
  required,
  searchCursor,
  searchText,
  uint,
} from '../fields';
import { USERS_ACTIVE_INDEX, USERS_KEYED, USERS_TRIGRAMS } from '../search-keys';
import { ACCESS_TOKEN_LENGTH, hashToken, randomToken } from '../secrets';
import { type OpContext, type OpHandler, type OpRequest, page, type Queryable } from './context';
import { appCount } from './counts';
import { checkOtp, consumeOtp } from './otp';
import { patternFilter, searchPage } from './search';

/** User ops: useradd, userset, userdel, usertoken, usersget (contract section 5, "Users"). */

export type UserRow = { uid: number; address: string; name: string; active: number; flags: number; ts: number };
const USER_COLUMNS = 'uid, address, name, active, flags, ts';

export const userDto = (u: UserRow) => ({
  uid: Number(u.uid),
  address: u.address,
  name: u.name,
  active: Number(u.active) === 1,
  flags: Number(u.flags),
});

const tokenFields = () =>
  optObj({
    appid: required(appid()),
    expiry: uint(MAX_TOKEN_MINUTES),
  });

/** Finds a user by address (preferred) or uid; throws NOUSER naming whichever was used. */
async function findUser(q: Queryable, ctx: OpContext, user: { address?: string; uid?: number }): Promise<UserRow> {
  const row =
    user.address !== undefined
      ? await q.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE app_id = ? AND address = ?`, [
          ctx.app.id,
          user.address,
        ])
      : await q.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE app_id = ? AND uid = ?`, [
          ctx.app.id,
          user.uid ?? 0,
        ]);
  if (row) return row;
  if (user.address !== undefined) throw fail.noUser([user.address], 'user.address');
  throw fail.noUser([`uid ${user.uid}`], 'user.uid');
}

/** `user.address` or, for existing users, the legacy `user.uid`. */
const identity = { address: address(), uid: positiveId() };
function requireIdentity(user: { address?: string; uid?: number }) {
  if (user.address === undefined && user.uid === undefined) {
    throw fail.badValue('user.address is required (or user.uid of an existing user).', ['user.address']);
  }
}

/** A new access token for `appid`: the value (shown once), and what is stored of it. */
function newToken(ctx: OpContext, token: { appid: string; expiry?: number }) {
  const value = randomToken(ACCESS_TOKEN_LENGTH);
  const minutes = token.expiry ?? DEFAULT_TOKEN_MINUTES;
  const expires = minutes === 0 ? 0 : ctx.now + minutes * 60;
  return {
    issued: { token: value, appid: token.appid, expires },
    stored: [token.appid, hashToken(value), expires, ctx.now],
  };
}
const UPSERT_TOKEN = `ON CONFLICT (uid, appid) DO UPDATE SET token_hash = excluded.token_hash, expires = excluded.expires, ts = excluded.ts`;

/** Issues (or replaces) the user's token for `appid`; the previous one stops validating. */
async function issueToken(q: Queryable, ctx: OpContext, uid: number, token: { appid: string; expiry?: number }) {
  const { issued, stored } = newToken(ctx, token);
  await q.run(`INSERT INTO tokens (uid, appid, token_hash, expires, ts) VALUES (?, ?, ?, ?, ?) ${UPSERT_TOKEN}`, [
    uid,
    ...stored,
  ]);
  return issued;
}

const UserAdd = obj({
  user: obj({
    address: required(address()),
    name: name(),
    active: bool(),
    flags: uint(),
    otp: freeText(64),
    token: tokenFields(),
  }),
});

/**
 * Refuses to create a user whose address breaks the rules for new addresses (BADVALUE
 * naming user.address); an existing user with such an address may still be updated.
 */
async function assertAddressUsable(q: Queryable, ctx: OpContext, addr: string): Promise<void> {
  const problem = newAddressProblem(addr);
  if (!problem) return;
  const existing = await q.get('SELECT uid FROM users WHERE app_id = ? AND address = ?', [ctx.app.id, addr]);
  if (!existing)
    throw fail.badValue(
      `user.address ${NEW_ADDRESS_RULES[problem]}.`,
      ['user.address'],
      'Choose an address without leading or trailing spaces, *, or invisible characters.',
    );
}

// Creates the user, or updates only the fields the request gives (never a duplicate error);
// its address key with it. A user written before search (no key yet: lib/backend/search-keys.ts)
// is keyed here only when its name is given too (its words are then written): else it stays
// for the fill, which writes both.
const UPSERT_USER = `INSERT INTO users (app_id, address, address_key, name, active, flags, ts) VALUES (?, ?, ?, COALESCE(?, ''), COALESCE(?, 1), COALESCE(?, 0), ?)
  ON CONFLICT (app_id, address) DO UPDATE SET
    address_key = CASE WHEN users.address_key IS NULL AND CAST(? AS TEXT) IS NULL THEN NULL ELSE excluded.address_key END,
    name = COALESCE(?, users.name), active = COALESCE(?, users.active), flags = COALESCE(?, users.flags)
  RETURNING ${USER_COLUMNS}`;
// On PostgreSQL, in the same statement: the words of a name given (those it no longer has go).
// (Parameters: the name's words as a JSON array, the app, the words again.)
const NAME_WORDS = `, dw AS (DELETE FROM user_words WHERE uid IN (SELECT uid FROM u)
    AND word NOT IN (SELECT json_array_elements_text(?::json))),
  iw AS (INSERT INTO user_words (app_id, word, uid) SELECT ?::bigint, w, u.uid FROM u, json_array_elements_text(?::json) AS w
    ON CONFLICT (app_id, word, uid) DO NOTHING)`;

export const useradd: OpHandler = async (ctx, req) => {
  const { user } = parseFields(UserAdd, req);
  const given = [user.name ?? null, user.active === undefined ? null : Number(user.active), user.flags ?? null];
  const upsert = [ctx.app.id, user.address, addressKey(user.address), ...given, ctx.now, given[0], ...given];
  if (ctx.db.dialect === 'postgres' && !user.otp && !newAddressProblem(user.address)) {
    // Nothing to check first: the user, its name's words and its token in one statement, one
    // round trip to PostgreSQL instead of several (BEGIN, user, words, token, COMMIT).
    const token = user.token ? newToken(ctx, user.token) : undefined;
    const words = user.name === undefined ? undefined : JSON.stringify(nameWords(user.name));
    const [row] = await ctx.db.write<UserRow>(
      `WITH u AS (${UPSERT_USER})${words === undefined ? '' : NAME_WORDS}${
        token
          ? `, t AS (INSERT INTO tokens (uid, appid, token_hash, expires, ts) SELECT uid, ?, ?, ?, ? FROM u ${UPSERT_TOKEN})`
          : ''
      } SELECT ${USER_COLUMNS} FROM u`,
      [...upsert, ...(words === undefined ? [] : [words, ctx.app.id, words]), ...(token?.stored ?? [])],
    );
    if (!row) throw new Error('user upsert returned nothing');
    return { user: { ...userDto(row), ...token?.issued } };
  }
  // Checked before the OTP, so a refused address does not spend one of its tries.
  await assertAddressUsable(ctx.db, ctx, user.address);
  if (user.otp) await checkOtp(ctx, user.address, user.otp);
  return ctx.db.tx(async (q) => {
    await assertAddressUsable(q, ctx, user.address);
    if (user.otp) await consumeOtp(q, ctx, user.address, user.otp);
    const row = await q.get<UserRow>(UPSERT_USER, upsert);
    if (!row) throw new Error('user upsert returned nothing');
    if (user.name !== undefined)
      await putNameWords(q, ctx.db.dialect, USERS_KEYED, { appId: ctx.app.id, id: Number(row.uid), name: user.name });
    const issued = user.token ? await issueToken(q, ctx, Number(row.uid), user.token) : undefined;
    return { user: { ...userDto(row), ...issued } };
  });
};

const UserSet = obj({
  user: obj({
    ...identity,
    name: name(),
    active: bool(),
    flags: uint(),
    token: optObj({ remove: bool(), appid: appid() }),
  }),
});

export const userset: OpHandler = async (ctx, req) => {
  const { user } = parseFields(UserSet, req);
  requireIdentity(user);
  return ctx.db.tx(async (q) => {
    const found = await findUser(q, ctx, user);
    const given = [user.name ?? null, user.active === undefined ? null : Number(user.active), user.flags ?? null];
    const row = await q.get<UserRow>(
      `UPDATE users SET name = COALESCE(?, name), active = COALESCE(?, active), flags = COALESCE(?, flags),
         address_key = COALESCE(?, address_key) WHERE uid = ? RETURNING ${USER_COLUMNS}`,
      // Keyed with a new name (its words written below); else as it was (see UPSERT_USER).
      [...given, user.name === undefined ? null : addressKey(found.address), found.uid],
    );
    if (user.name !== undefined)
      await putNameWords(q, ctx.db.dialect, USERS_KEYED, { appId: ctx.app.id, id: Number(found.uid), name: user.name });
    if (user.token?.remove) {
      if (user.token.appid !== undefined) {
        await q.run('DELETE FROM tokens WHERE uid = ? AND appid = ?', [found.uid, user.token.appid]);
      } else {
        await q.run('DELETE FROM tokens WHERE uid = ?', [found.uid]);
      }
    }
    return { user: userDto(row ?? found) };
  });
};

const UserRef = obj({ user: obj(identity) });

export const userdel: OpHandler = async (ctx, req) => {
  const { user } = parseFields(UserRef, req);
  requireIdentity(user);
  return ctx.db.tx(async (q) => {
    const found = await findUser(q, ctx, user);
    // Tokens and memberships go with the user (ON DELETE CASCADE); sent messages stay in the log.
    await q.run('DELETE FROM users WHERE uid = ?', [found.uid]);
    return { user: { uid: Number(found.uid), address: found.address } };
  });
};

const UserToken = obj({
  user: obj({ ...identity, token: obj({ appid: required(appid()), expiry: uint(MAX_TOKEN_MINUTES) }) }),
});

export const usertoken: OpHandler = async (ctx, req) => {
  const { user } = parseFields(UserToken, req);
  requireIdentity(user);
  return ctx.db.tx(async (q) => {
    const found = await findUser(q, ctx, user);
    const issued = await issueToken(q, ctx, Number(found.uid), user.token);
    return { user: { ...userDto(found), ...issued } };
  });
};

const UsersGet = obj({ user: obj({ address: addressPattern(), exact: bool() }), ...listing });

export const usersget: OpHandler = async (ctx, req) => {
  if (SEARCH_FIELDS.some((f) => req[f] !== undefined && req[f] !== null)) return searchUsers(ctx, req);
  const { user, count, cursor } = parseFields(UsersGet, req);
  const rows = await rowsByPattern<UserRow>(
    ctx.db,
    {
      table: 'users',
      idColumn: 'uid',
      column: 'address',
      appId: ctx.app.id,
      pattern: user.address,
      exact: user.exact,
      after: cursor,
      limit: count + 1,
    },
    'u.uid, u.address, u.name, u.active, u.flags, u.ts',
    'u',
  );
  const { rows: kept, next } = page(rows, count, (u) => Number(u.uid));
  const users = await withTokens(ctx.db, kept);
  return next ? { users, next } : { users };
};

/** Users as listed: each with the App IDs it holds a token for (read for the whole page at once). */
async function withTokens(q: Queryable, rows: readonly UserRow[]) {
  const uids = rows.map((r) => Number(r.uid));
  const tokens = uids.length
    ? await q.all<{ uid: number; appid: string; expires: number }>(
        `SELECT uid, appid, expires FROM tokens WHERE uid IN ${inList(uids)} ORDER BY uid, appid`,
        uids,
      )
    : [];
  const byUid = new Map<number, { appid: string; expires: number }[]>();
  for (const t of tokens) {
    const held = byUid.get(Number(t.uid)) ?? [];
    held.push({ appid: t.appid, expires: Number(t.expires) });
    byUid.set(Number(t.uid), held);
  }
  return rows.map((r) => ({
    uid: Number(r.uid),
    address: r.address,
    name: r.name,
    active: Number(r.active) === 1,
    flags: Number(r.flags),
    ts: Number(r.ts),
    tokens: byUid.get(Number(r.uid)) ?? [],
  }));
}

/**
 * Search (our extension, docs/backend-api.md): any of these fields makes `usersget` a search,
 * newest first unless sorted otherwise, with a cursor of its own. Without them it answers as
 * mesibo's does, in uid order.
 */
const SEARCH_FIELDS = ['q', 'sort', 'filter', 'total'] as const;
const UsersSearch = obj({
  user: obj({ address: addressPattern(), exact: bool() }),
  q: searchText(),
  sort: oneOf(SORTS),
  filter: optObj({ active: bool(), appid: appid() }),
  total: bool(),
  count: listing.count,
  cursor: searchCursor(),
});
const USERS: SearchTable = {
  table: 'users',
  id: 'uid',
  key: 'address_key',
  name: 'name',
  words: { table: 'user_words', id: 'uid' },
  number: 'uid',
  trigrams: USERS_TRIGRAMS,
};

async function searchUsers(ctx: OpContext, req: OpRequest) {
  const r = parseFields(UsersSearch, req);
  const appId = ctx.app.id;
  const filters: Condition[] = patternFilter('t.address', r.user.address, r.user.exact);
  if (r.filter?.active !== undefined) {
    const active = r.filter.active ? 1 : 0;
    const only = { sql: 'SELECT uid AS id FROM users WHERE app_id = ? AND active = ?', params: [appId, active] };
    const isActive = { sql: 't.active = ?', params: [active] };
    filters.push({
      where: isActive,
      source: only,
      counted: isActive,
      ordered: { where: isActive, index: USERS_ACTIVE_INDEX },
    });
  }
  if (r.filter?.appid !== undefined) {
    const appid = r.filter.appid;
    filters.push({
      where: { sql: hasRow('tokens k WHERE k.uid = t.uid AND k.appid = ?'), params: [appid] },
      source: { sql: 'SELECT uid AS id FROM tokens WHERE appid = ?', params: [appid] },
    });
  }
  const found = await searchPage<UserRow>(ctx, USERS, USERS_KEYED, {
    q: r.q,
    sort: r.sort ?? '-created',
    filters,
    after: r.cursor,
    limit: r.count,
    select: 't.uid, t.address, t.name, t.active, t.flags, t.ts',
    total: r.total,
    all: () => appCount(ctx, 'users'),
  });
  const users = await withTokens(ctx.db, found.rows);
  return { users, ...(found.next ? { next: found.next } : {}), ...found.counted };
}

/**
 * Checks an access token the way the real-time server would: known, not expired, and
 * its user still exists. Not an op; used by tests and by in-process callers.
 */
export async function validateAccessToken(
  ctx: Pick<OpContext, 'db' | 'app' | 'now'>,
  token: string,
): Promise<{ uid: number; address: string; appid: string; expires: number } | null> {
  const row = await ctx.db.get<{ uid: number; address: string; appid: string; expires: number }>(
    `SELECT t.uid, u.address, t.appid, t.expires FROM tokens t JOIN users u ON u.uid = t.uid
     WHERE t.token_hash = ? AND u.app_id = ?`,
    [hashToken(token), ctx.app.id],
  );
  if (!row) return null;
  const expires = Number(row.expires);
  if (expires !== 0 && expires <= ctx.now) return null;
  return { uid: Number(row.uid), address: row.address, appid: row.appid, expires };
}

/**
 * The users of these addresses, by address (an import's dry run: a million lookups as usersget
 * calls would be an import of their own). Exact addresses, many per statement.
 */
export async function usersByAddress(
  q: Queryable,
  appId: number,
  addresses: readonly string[],
): Promise<ReturnType<typeof userDto>[]> {
  const found: ReturnType<typeof userDto>[] = [];
  for (let i = 0; i < addresses.length; i += 500) {
    const chunk = addresses.slice(i, i + 500);
    const rows = await q.all<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users WHERE app_id = ? AND address IN (${chunk.map(() => '?').join(', ')})`,
      [appId, ...chunk],
    );
    found.push(...rows.map(userDto));
  }
  return found;
}
