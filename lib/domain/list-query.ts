import { newAddressProblem } from './address-rules';
import type { DELIVERY_CHOICES, SEND_CHOICES } from './group-flags';

/**
 * How the console asks for a list of users or of groups, shared by the page (the URL), the route
 * handler, the sources and the browser: the search as typed, an order, and filters. Pure: safe in
 * the browser.
 */
export const USER_SORTS = [
  ['-created', 'Newest first'],
  ['created', 'Oldest first'],
  ['address', 'Address (A–Z)'],
  ['name', 'Name (A–Z)'],
] as const;
export type UserSort = (typeof USER_SORTS)[number][0];
export const DEFAULT_USER_SORT: UserSort = '-created';

export interface UserQuery {
  /** As typed (see lib/domain/search-text.ts for what it matches). */
  q: string;
  sort: UserSort;
  /** Only active (true) or inactive (false) users. */
  active?: boolean;
  /** Only users holding a token for this App ID. */
  appid?: string;
}

/**
 * What a list could do with the query where it was read: `full`, everything above (this
 * product's search); `prefix`, a mesibo backend's own usersget: the start of the address in
 * its exact case (or a `*` pattern), in uid order, uncounted and unfiltered.
 */
export type SearchKind = 'full' | 'prefix';

/** How many a list holds: exactly, or at least this many (a count that stopped early). */
export type ListCount = { total: number } | { atLeast: number };

/** The search as a mesibo usersget pattern (`prefix` search): a prefix, or a pattern when it has a `*`. */
export function prefixPattern(q: string): string {
  return q === '' ? '' : q.includes('*') ? q : `${q}*`;
}

/**
 * Whether a search could be a whole address (one word, at most 63 characters, a valid address):
 * where the directory is the list and it knows no such user, the list offers to open it (on
 * mesibo's cloud the user may well exist: support works from addresses in tickets).
 */
export const couldBeAddress = (q: string) => q !== '' && q.length <= 63 && !/\s/.test(q) && !newAddressProblem(q);

export const GROUP_SORTS = [
  ['-created', 'Newest first'],
  ['created', 'Oldest first'],
  ['name', 'Name (A–Z)'],
] as const;
export type GroupSort = (typeof GROUP_SORTS)[number][0];
export const DEFAULT_GROUP_SORT: GroupSort = '-created';

export interface GroupQuery {
  /** As typed: the gid, or words that start words of the name; `*` makes a pattern of the name. */
  q: string;
  sort: GroupSort;
  /** Who can send, and Delivery (lib/domain/group-flags.ts's choices). */
  send?: (typeof SEND_CHOICES)[number][0];
  delivery?: (typeof DELIVERY_CHOICES)[number][0];
}
