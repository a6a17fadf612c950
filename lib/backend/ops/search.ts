import { patternSql } from '@/lib/db/pattern';
import { BadCursor, type Condition, type SearchRequest, type SearchTable, searchWithCount } from '@/lib/db/search';
import type { KeyedTable } from '@/lib/db/search-keys';
import { fail } from '../errors';
import type { OpContext } from './context';

/**
 * One page of a search op (usersget's and groupsget's extension, lib/db/search.ts), with `total`
 * the count as the contract words it (`total`, or `more` and `atLeast`). A cursor from another
 * search is BADVALUE naming `cursor`.
 */
export async function searchPage<R>(
  ctx: OpContext,
  table: SearchTable,
  keyed: KeyedTable,
  r: Omit<SearchRequest, 'appId'> & { total?: boolean; all: () => Promise<number> },
): Promise<{ rows: R[]; next?: string; counted: { total?: number; more?: true; atLeast?: number } }> {
  try {
    const { count, ...found } = await searchWithCount<R>(ctx.db, table, keyed, {
      ...r,
      appId: ctx.app.id,
      counted: r.total === true,
    });
    const counted = !count
      ? {}
      : 'total' in count
        ? { total: count.total }
        : { more: true as const, atLeast: count.atLeast };
    return { ...found, counted };
  } catch (e) {
    if (e instanceof BadCursor) throw fail.badValue(`cursor ${e.message}.`, ['cursor']);
    throw e;
  }
}

/** The documented `user.address` / `group.name` pattern, in its own case, as one more condition of a search. */
export function patternFilter(column: string, pattern: string | undefined, exact?: boolean): Condition[] {
  const p = patternSql(column, pattern, exact);
  return p.where ? [{ where: { sql: p.where.replace(/^ AND /, ''), params: p.params } }] : [];
}
