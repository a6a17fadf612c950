import { patternSql } from '@/lib/db/pattern';
import { BadCursor, type Condition, Search, type SearchTable, type Sort } from '@/lib/db/search';
import { type KeyedTable, keyStragglers } from '@/lib/db/search-keys';
import { fail } from '../errors';
import type { OpContext } from './context';

/**
 * One page of a search op (usersget's and groupsget's extension): the rows (lib/db/search.ts),
 * the cursor of the next page, and with `total` how many match: all of the app's (from the counts
 * kept per app, `all`) when nothing narrows the list, else the search's own count. A cursor from
 * another search is BADVALUE naming `cursor`.
 */
export async function searchPage<R>(
  ctx: OpContext,
  table: SearchTable,
  keyed: KeyedTable,
  r: {
    q?: string;
    sort: Sort;
    filters: Condition[];
    after?: string;
    limit: number;
    select: string;
    total?: boolean;
    all: () => Promise<number>;
  },
): Promise<{ rows: R[]; next?: string; counted: { total?: number; more?: true; atLeast?: number } }> {
  await keyStragglers(ctx.db, keyed);
  const search = new Search(ctx.db, table);
  const appId = ctx.app.id;
  let found: { rows: R[]; next?: string };
  try {
    found = await search.page<R>({ appId, ...r });
  } catch (e) {
    if (e instanceof BadCursor) throw fail.badValue(`cursor ${e.message}.`, ['cursor']);
    throw e;
  }
  if (!r.total) return { ...found, counted: {} };
  const narrowed = r.filters.length > 0 || (r.q ?? '').replace(/\*/g, '').trim() !== '';
  const counted = narrowed ? await search.count({ appId, q: r.q, filters: r.filters }) : { total: await r.all() };
  return { ...found, counted };
}

/** The documented `user.address` / `group.name` pattern, in its own case, as one more condition of a search. */
export function patternFilter(column: string, pattern: string | undefined, exact?: boolean): Condition[] {
  const p = patternSql(column, pattern, exact);
  return p.where ? [{ where: { sql: p.where.replace(/^ AND /, ''), params: p.params } }] : [];
}
