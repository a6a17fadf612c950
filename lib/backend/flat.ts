import { PLATFORMS } from './ops/uac';

/**
 * Flat parameters (GET query strings and form bodies) mapped onto the JSON request.
 *
 * Two families of names exist and both are accepted: the legacy api.php names (`addr`,
 * `flag`, `msg`, `uid`, `cs`, ...) and the leaf names mesibo's PHP helper produces in its
 * non-JSON mode, where it flattens the JSON request keeping only the last key (`address`,
 * `appid`, `remove`, `m`, ...). The mapping is per op because a leaf name means different
 * things in different ops (`expiry` is a token's minutes in useradd, a group's seconds in
 * groupadd). PHP-style bracket names (`user[address]=x`) are taken as the path they spell.
 * Flat values are strings: numbers and booleans are converted where the field expects
 * one, and an empty value counts as absent.
 */

type Kind = 'str' | 'int' | 'bool';
type Rule = [names: string[], path: string, kind: Kind];

const userIdentity: Rule[] = [
  [['address', 'addr'], 'user.address', 'str'],
  [['uid'], 'user.uid', 'int'],
];
const userFields: Rule[] = [
  [['name'], 'user.name', 'str'],
  [['active'], 'user.active', 'bool'],
  [['flags', 'flag'], 'user.flags', 'int'],
];
const groupFields: Rule[] = [
  [['name'], 'group.name', 'str'],
  [['flags', 'flag'], 'group.flags', 'int'],
  [['active'], 'group.active', 'bool'],
  [['expiry'], 'group.expiry', 'int'],
  [['expiryext'], 'group.expiryext', 'int'],
];
const memberFields: Rule[] = [
  [['m'], 'group.members.m', 'str'],
  [['send', 'cs'], 'group.members.permissions.send', 'bool'],
  [['recv', 'cr'], 'group.members.permissions.recv', 'bool'],
  [['pub', 'canpub'], 'group.members.permissions.pub', 'bool'],
  [['sub', 'cansub'], 'group.members.permissions.sub', 'bool'],
  [['list', 'canlist'], 'group.members.permissions.list', 'bool'],
  [['admin'], 'group.members.admin', 'bool'],
  [['remove'], 'group.members.remove', 'bool'],
];
const gid: Rule = [['gid'], 'group.gid', 'int'];
const usersget: Rule[] = [[['address', 'addr'], 'user.address', 'str']];

const RULES: Record<string, Rule[]> = {
  useradd: [
    ...userIdentity,
    ...userFields,
    [['otp'], 'user.otp', 'str'],
    [['appid'], 'user.token.appid', 'str'],
    [['expiry'], 'user.token.expiry', 'int'],
  ],
  userset: [
    ...userIdentity,
    ...userFields,
    [['remove'], 'user.token.remove', 'bool'],
    [['appid'], 'user.token.appid', 'str'],
  ],
  userdel: userIdentity,
  usertoken: [...userIdentity, [['appid'], 'user.token.appid', 'str'], [['expiry'], 'user.token.expiry', 'int']],
  usersget: usersget,
  users: usersget,
  groupadd: [...groupFields, ...memberFields],
  groupset: [gid, ...groupFields, ...memberFields],
  groupdel: [gid],
  groupeditmembers: [gid, [['delete'], 'group.delete', 'bool'], ...memberFields],
  groupgetmembers: [gid],
  groupsget: [[['name'], 'group.name', 'str']],
  message: [
    [['from'], 'message.from', 'str'],
    [['to'], 'message.to', 'str'],
    [['gid'], 'message.gid', 'int'],
    [['type'], 'message.type', 'int'],
    [['expiry'], 'message.expiry', 'int'],
    [['when'], 'message.when', 'int'],
    [['message', 'msg'], 'message.message', 'str'],
    [['url'], 'message.url', 'str'],
    [['title'], 'message.title', 'str'],
    [['flags', 'flag'], 'message.flags', 'int'],
  ],
  messagesget: [
    [['from'], 'message.from', 'str'],
    [['to'], 'message.to', 'str'],
    [['gid'], 'message.gid', 'int'],
  ],
  otp: [
    [['address', 'addr'], 'otp.address', 'str'],
    [['tries'], 'otp.tries', 'int'],
    [['expiry'], 'otp.expiry', 'int'],
    [['reuse'], 'otp.reuse', 'bool'],
  ],
  uacset: [
    [['id'], 'uac.id', 'int'],
    [['name'], 'uac.name', 'str'],
    [['update'], 'uac.update', 'bool'],
    [['peers'], 'uac.peers', 'int'],
    [['platforms'], 'uac.platforms', 'str'],
    ...PLATFORMS.map((p): Rule => [[p], `uac.${p}`, 'bool']),
  ],
};
const TOP: Rule[] = [
  [['op'], 'op', 'str'],
  [['token'], 'token', 'str'],
  [['id'], 'id', 'int'],
  [['count'], 'count', 'int'],
  [['cursor'], 'cursor', 'str'],
];

type Index = { byName: Map<string, Rule>; byPath: Map<string, Kind> };
const INDEX = new Map<string, Index>();
function indexFor(op: string): Index {
  let idx = INDEX.get(op);
  if (!idx) {
    const rules = [...TOP, ...(Object.hasOwn(RULES, op) ? RULES[op] : [])];
    idx = { byName: new Map(), byPath: new Map() };
    for (const rule of rules) {
      for (const n of rule[0]) if (!idx.byName.has(n)) idx.byName.set(n, rule);
      idx.byPath.set(rule[1], rule[2]);
    }
    INDEX.set(op, idx);
  }
  return idx;
}

function coerce(value: string, kind: Kind): unknown {
  if (kind === 'int') return /^-?\d{1,15}$/.test(value) ? Number(value) : value;
  if (kind === 'bool') {
    const v = value.toLowerCase();
    return v === '1' || v === 'true' ? true : v === '0' || v === 'false' ? false : value;
  }
  return value;
}

const UNSAFE_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** Sets `value` at a dotted path, creating plain objects on the way. */
export function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    if (UNSAFE_KEYS.has(key)) return;
    const next = node[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (!UNSAFE_KEYS.has(last)) node[last] = value;
}

const BRACKETS = /^([^[\]]+)((?:\[[^[\]]*\])+)$/;

/**
 * Maps flat name/value pairs onto a JSON request for `op`. Unknown names are ignored,
 * like unknown JSON fields. `op` is passed in because it may come from elsewhere (a
 * JSON body whose token and op travel in the query string, or the other way round).
 */
export function flatToJson(pairs: Iterable<[string, string]>, op: string): Record<string, unknown> {
  const { byName, byPath } = indexFor(op);
  const out: Record<string, unknown> = {};
  for (const [rawName, value] of pairs) {
    if (value === '') continue;
    const bracket = BRACKETS.exec(rawName);
    if (bracket) {
      const path = [bracket[1], ...bracket[2].slice(1, -1).split('][')];
      if (path.length > 6 || path.some((p) => p === '')) continue; // `m[]` lists are not a mesibo form
      setPath(out, path, coerce(value, byPath.get(path.join('.')) ?? 'str'));
      continue;
    }
    const rule = byName.get(rawName);
    if (rule) setPath(out, rule[1].split('.'), coerce(value, rule[2]));
  }
  return out;
}

/** Deep-merges `over` onto `base` (objects only; `over` wins). Neither input is changed. */
export function mergeRequests(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const key of Object.keys(over)) {
    if (UNSAFE_KEYS.has(key)) continue;
    const a = out[key];
    const b = over[key];
    out[key] = isPlainObject(a) && isPlainObject(b) ? mergeRequests(a, b) : b;
  }
  return out;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
