import type { z } from 'zod';
import type { DirectoryUser } from '@/lib/console/directory';
import type { Presence } from '@/lib/console/presence';
import type { Series } from '@/lib/db/activity';
import type { Queryable } from '@/lib/db/types';
import type { Changes } from '@/lib/domain/audit-changes';
import type { GroupQuery, UserQuery } from '@/lib/domain/list-query';
import type { NumberedPage, Page, PageNumber } from '@/lib/domain/paging';
import type { HeldAppId } from '@/lib/domain/token-list';
import type { GroupWire, MemberWire, MessageWire } from '@/lib/mesibo/contract';

/**
 * One source per resource of an app: users (and their tokens), groups (and members), messages
 * and counts. Each has two implementations, the app's Backend API (`live.ts`) and the console's
 * own directory for backends that cannot list (`kept.ts`), chosen once per request
 * (`index.ts`). lib/dal authorizes, validates and maps, and calls these without asking which
 * one it got; new work (import, webhooks, search, bulk) implements their methods. A listing may
 * answer fewer rows than asked for (a backend gives at most 100 at once): `next` says whether
 * there are more.
 */

/** A call to the app's Backend API, bound to the app. */
export type Call = <S extends z.ZodType>(
  op: string,
  payload: Record<string, unknown>,
  schema: S,
) => Promise<z.output<S>>;

/** Users, as the console shows them. */
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
  /** What webhooks said: online now, and when last seen (any kind of app). */
  presence?: Presence;
}
export interface IssuedToken {
  address: string;
  appid: string;
  token: string;
  expires: number;
}
export interface NewUser {
  address: string;
  name: string;
  appid?: string;
  expiryMinutes: number;
}
/**
 * What issuing a token for an address means on this source: whether it may create the user
 * (an address the directory does not know: useradd), and whether the console can see the
 * user's tokens (to ask before one is replaced).
 */
export interface TokenPlan {
  createsUser: boolean;
  tokensKnown: boolean;
}

/** A user as an import's row gives it: only the columns its file has. */
export interface ImportedUser {
  address: string;
  name?: string;
  active?: boolean;
  /** Add to directory only. */
  uid?: number;
  /** Add to directory only: App IDs the user holds a token for, with expiries where known (never a token). */
  appIds?: HeldAppId[];
}
/** What a list knows of a user (an import's plan: new, the same, or a change). */
export interface KnownUser {
  address: string;
  name: string;
  active: boolean;
  /** Where the list keeps them (the directory): the backend's uid (0: not known) and the App IDs held. */
  uid?: number;
  tokens?: HeldAppId[];
}
/** One row of a bulk change and how it ended; `user`, `group`: as the backend answered. */
export interface RowResult {
  n: number;
  outcome: 'ok' | 'skipped' | 'failed' | 'unconfirmed';
  message?: string;
  user?: { uid: number; name: string; active: boolean };
  group?: GroupRow;
}
/** How a bulk change keeps each row's outcome (a job's rows). */
export interface RowLedger {
  /** A cancel was asked, or the job moved elsewhere: finish the rows in flight, send no more. */
  stopping(): boolean;
  /** Before rows' requests leave for a remote backend. */
  sent(ns: readonly number[]): Promise<void>;
  /** Writes outcomes, in `q` when given (the transaction that holds their effect); true: pause now. */
  settle(results: readonly RowResult[], q?: Queryable): Promise<boolean>;
}
/** How an import applies its rows: Add to directory (no backend call), or Create on the backend. */
export type ImportMode = 'directory' | 'backend';

export interface ImportRow {
  n: number;
  user: ImportedUser;
}

/** Which users of those webhooks reported: online now only, and matching a search. */
export interface SeenFilter {
  online: boolean;
  /** The oldest event time (ms) that still counts as online. */
  onlineSince: number;
  pattern: string;
}

export interface UsersSource {
  /** The console's directory is the list (the backend cannot list users). */
  readonly keptHere: boolean;
  /** Where `get` reads a user: what an audit entry says the value before a change came from. */
  readonly reads: Changes['basis'];
  /**
   * A page of users for a query (lib/domain/list-query.ts), with the count of all its pages
   * where the source can tell, and what its search could do (`search`).
   */
  list(query: UserQuery, cursor: string | undefined, count: number): Promise<Page<UserRow>>;
  /**
   * The users webhooks reported, last seen first (`online`: only those online now, an event at
   * or after `onlineSince`, ms), matching `pattern` (as `list`'s; empty: all). Only where the
   * directory is the list (a backend that lists gives its own order).
   */
  listBySeen(filter: SeenFilter, cursor: string | undefined, count: number): Promise<Page<UserRow>>;
  /** The user whose address is exactly `address`, never another. */
  get(address: string): Promise<UserRow | undefined>;
  create(input: NewUser): Promise<{ user: UserRow; token?: IssuedToken }>;
  save(address: string, change: { name?: string; active?: boolean }): Promise<UserRow>;
  remove(address: string): Promise<void>;
  tokenPlan(address: string): Promise<TokenPlan>;
  issueToken(address: string, token: { appid: string; expiry: number }, plan: TokenPlan): Promise<IssuedToken>;
  removeToken(address: string, appid: string): Promise<void>;
  /** Records a user made elsewhere without calling the backend (Add to directory). */
  adopt(address: string): Promise<void>;
  /**
   * What the list knows of these addresses, or undefined where it cannot tell cheaply (a
   * remote backend that lists: a lookup per row would be an import of its own).
   */
  known(addresses: readonly string[]): Promise<Map<string, KnownUser> | undefined>;
  /** Create on the backend: a useradd per row with only the columns given; each outcome through `ledger`. */
  addMany(rows: readonly ImportRow[], ledger: RowLedger, concurrency: number): Promise<void>;
  /** The ways an import may apply its rows here (Add to directory only where the directory is the list). */
  readonly importModes: readonly ImportMode[];
  /** Add to directory: the directory learns users made elsewhere, no backend call. */
  adoptMany(rows: readonly ImportRow[], ledger: RowLedger): Promise<void>;
  /**
   * Import members' Add them to the directory too: addresses the directory does not know kept
   * as users (learned from an import), no backend call. Refused where the backend lists its users.
   */
  learn(addresses: readonly string[]): Promise<void>;
}

/** `unconfirmedTs`: from the console's directory, when the outcome of the last change was unknown. */
export type GroupRow = GroupWire & { unconfirmedTs?: number };
export type MemberRow = MemberWire;
export type MemberPermissions = { send?: boolean; recv?: boolean };
/** A group a user belongs to, with the user's permissions in it. */
export interface UserGroupRow {
  gid: number;
  name: string;
  flags: number;
  active: boolean;
  send: boolean;
  recv: boolean;
}
/**
 * The groups of a user, a page at a time; `offered: false` where the backend cannot tell (a
 * self-hosted mesibo has no usergroupsget). `knownHere`: the console's directory's memberships,
 * those made through this console and its imports (the backend's other ones are not seen).
 */
export type UserGroups =
  | { offered: true; knownHere: boolean; rows: UserGroupRow[]; next?: string }
  | { offered: false };
/** What a bulk change does to the members it names: removes them, or sets the permissions given. */
export type MembersEdit = { remove: true } | { permissions: MemberPermissions };
/** A row of a bulk change to members. */
export interface MemberEditRow {
  n: number;
  address: string;
}
/** A row of Import members: an address and the permissions the file gives it. */
export interface MemberImportRow {
  n: number;
  address: string;
  send: boolean;
  recv: boolean;
}

export interface GroupsSource {
  readonly keptHere: boolean;
  /** Where `get` reads a group: what an audit entry says the value before a change came from. */
  readonly reads: Changes['basis'];
  /** A page of groups for a query (lib/domain/list-query.ts), counted and searched as UsersSource.list. */
  list(query: GroupQuery, cursor: string | undefined, count: number): Promise<Page<GroupRow>>;
  get(gid: number): Promise<GroupRow | undefined>;
  create(name: string, flags: number): Promise<GroupRow>;
  save(gid: number, name: string, flags: number): Promise<GroupRow>;
  remove(gid: number): Promise<void>;
  members(gid: number, cursor: string | undefined, count: number): Promise<{ rows: MemberRow[]; next?: string }>;
  /**
   * A page of the members whose address starts with `query.q` (any case), by its number: the
   * backend's own where it numbers them, else read in order by the console and said so (`read`).
   */
  memberPage(gid: number, query: { q: string; page: PageNumber }, size: number): Promise<NumberedPage<MemberRow>>;
  /** The groups `address` belongs to, by gid (UserGroups). */
  ofUser(address: string, cursor: string | undefined, count: number): Promise<UserGroups>;
  /** Adds (or updates) members in one call: the backend refuses them all when any is unknown (NOUSER). */
  addMembers(gid: number, addresses: string[], perms: { send: boolean; recv: boolean }): Promise<GroupRow>;
  setMemberPermissions(gid: number, address: string, change: MemberPermissions): Promise<GroupRow>;
  removeMember(gid: number, address: string): Promise<GroupRow>;
  /**
   * Which of these addresses are members of the group, with their permissions; undefined where
   * the source cannot tell in one lookup (a remote backend: members are only read page by page).
   */
  memberships(
    gid: number,
    addresses: readonly string[],
  ): Promise<Map<string, { send: boolean; recv: boolean }> | undefined>;
  /**
   * Import members: groupeditmembers in chunks of at most 1,000 addresses given the same
   * permissions, each chunk's outcome settled as its rows' (a chunk refused because one of its
   * addresses is not a user is split until that address is found, so the others are applied).
   */
  importMembers(gid: number, rows: readonly MemberImportRow[], ledger: RowLedger): Promise<void>;
  /** A bulk change to members (Remove, Can send, Can receive), in chunks as importMembers sends them. */
  editMembers(gid: number, rows: readonly MemberEditRow[], edit: MembersEdit, ledger: RowLedger): Promise<void>;
}

/** `unconfirmed`: sent from this console, but the backend did not answer (the console's directory). */
export type MessageRow = MessageWire & { unconfirmed?: boolean };
/**
 * `with`: a conversation (from, or directly to, an address); `mid`: one message; `since` and
 * `until`: sent in that time range (epoch seconds, `until` excluded).
 */
export type MessageFilter = {
  from?: string;
  to?: string;
  with?: string;
  gid?: number;
  mid?: number;
  since?: number;
  until?: number;
};
export interface OutgoingMessage {
  from: string;
  to: string[];
  gid?: number;
  message: string;
}

export interface MessagesSource {
  list(filter: MessageFilter, cursor: string | undefined, count: number): Promise<Page<MessageRow>>;
  /** Never retried: a lost answer could mean a message already sent. */
  send(message: OutgoingMessage): Promise<number>;
}

/** Counts of an app; undefined: not counted (a backend that lists them but has no stats op). */
export interface Counts {
  users?: number;
  groups?: number;
  messages?: number;
  source: 'backend' | 'directory';
  breach?: { disabled: boolean; addresses: number; limit: number; windowHours: number };
}
/**
 * What happened in an app (lib/db/activity.ts) in a window, per period of `step` seconds from
 * its start, and each kind's total in a previous window: messages sent direct and to groups,
 * users created by how they came (`users.console`: the backend's own users, or those the console
 * made; `users.import`; `users.webhook`: seen by webhooks), users online (a level: its highest).
 * `source` `directory`: what the console itself knows (mesibo's cloud keeps no series).
 */
export const ACTIVITY_KINDS = ['direct', 'group', 'users.console', 'users.import', 'users.webhook', 'online'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export interface ActivityAsk {
  window: { since: number; until: number };
  step: number;
  previous: { since: number; until: number };
}
export interface Activity {
  source: 'backend' | 'directory';
  series: Record<ActivityKind, Series>;
  previous: Record<ActivityKind, number>;
}
export interface CountsSource {
  counts(): Promise<Counts>;
  activity(ask: ActivityAsk): Promise<Activity>;
}

export interface Sources {
  users: UsersSource;
  groups: GroupsSource;
  messages: MessagesSource;
  counts: CountsSource;
}
