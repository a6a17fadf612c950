import 'server-only';
import { LRUCache } from 'lru-cache';
import type { NumberedPage, PageNumber } from '@/lib/domain/paging';
import { addressKey } from '@/lib/domain/search-text';
import type { MemberRow } from './types';

/**
 * A group's members by page number and address prefix over a backend that reads them only in
 * order, a cursor at a time (mesibo's cloud: `groupgetmembers` has no filter, no count, no
 * offset). The console reads them in uid order and keeps what it read for a minute, so the next
 * page, another page number or another filter continues where the last request stopped instead
 * of reading from the start; a change to the group's members made here forgets it. Another
 * console instance's change shows after at most a minute.
 */

/** The members read of one group so far, in order, and where the backend goes on. */
interface Walk {
  rows: MemberRow[];
  next?: string;
  done: boolean;
  /** Readers of this walk wait for each other: one reads on, the others see its rows. */
  busy: Promise<unknown>;
}

/**
 * Members kept, across groups: at about 300 bytes each, 30 MB at most. One per process (on
 * globalThis: the server's route handlers and its actions are bundled apart, and a change made
 * by an action must be forgotten by the pages a route handler reads).
 */
const KEY = Symbol.for('mesibo-admin.member-walks');
const holder = globalThis as { [KEY]?: LRUCache<string, Walk> };
holder[KEY] ??= new LRUCache<string, Walk>({
  maxSize: 100_000,
  sizeCalculation: (w) => Math.max(1, w.rows.length),
  ttl: 60_000,
});
const walks = holder[KEY];

/** The most members one request reads on (a group of 10,000: 100 calls); a bigger one goes on in the next. */
export const WALK_BUDGET = 20_000;

type Read = (cursor: string | undefined) => Promise<{ rows: MemberRow[]; next?: string }>;

const keyOf = (scope: string, gid: number) => `${scope}:${gid}`;

/** Forgets what was read of a group (its members changed through this console). */
export function forgetMembers(scope: string, gid: number) {
  walks.delete(keyOf(scope, gid));
}

/** Page `page` of the members whose address starts with `q` (any case), `size` a page. */
export async function walkMembers(
  scope: string,
  gid: number,
  read: Read,
  query: { q: string; page: PageNumber },
  size: number,
): Promise<NumberedPage<MemberRow>> {
  const key = keyOf(scope, gid);
  let walk = walks.get(key);
  if (!walk) {
    walk = { rows: [], done: false, busy: Promise.resolve() };
    walks.set(key, walk);
  }
  const prefix = addressKey(query.q.trim());
  const matches = (m: MemberRow) => prefix === '' || addressKey(m.address).startsWith(prefix);
  // Enough matches for the page asked, or the end. Filtered, one more: whether a next page has
  // any is known only by finding one (unfiltered, the backend's cursor says it).
  const wanted = query.page === 'last' ? Number.POSITIVE_INFINITY : query.page * size + (prefix ? 1 : 0);
  const current = walk;
  const turn = current.busy.then(() => readOn(current, read, matches, wanted));
  current.busy = turn.catch(() => undefined);
  await turn;
  walks.set(key, current); // its size changed
  const found = current.rows.filter(matches);
  const known = current.done ? found.length : undefined;
  const lastReached = Math.max(1, Math.ceil(found.length / size));
  const page = query.page === 'last' ? lastReached : Math.min(query.page, lastReached);
  return {
    rows: found.slice((page - 1) * size, page * size),
    page,
    total: known,
    more: found.length > page * size || !current.done,
    read: { rows: current.rows.length, all: current.done },
  };
}

async function readOn(walk: Walk, read: Read, matches: (m: MemberRow) => boolean, wanted: number) {
  let count = walk.rows.filter(matches).length;
  let budget = WALK_BUDGET;
  while (!walk.done && count < wanted && budget > 0) {
    const page = await read(walk.next);
    walk.rows.push(...page.rows);
    count += page.rows.filter(matches).length;
    budget -= Math.max(1, page.rows.length);
    walk.next = page.next;
    walk.done = !page.next || page.rows.length === 0;
  }
}
