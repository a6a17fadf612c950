import { queryOptions } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';

/**
 * The console's one paging scheme, shared by users, groups, members, messages and the audit
 * log: a list is a GET route handler answering `{rows, next}` for a filter and a keyset
 * `cursor`; the page's server component renders the first page, and the browser fetches
 * the others through react-query under keys built here. (Browser-safe: no server imports.)
 */
export type { Filter, ListState, Page, Paging } from '@/lib/domain/paging';

import type { Filter, Page } from '@/lib/domain/paging';

export interface ListResource<F extends Filter, R> {
  /** The root of every key of this resource: invalidating it refreshes all its lists. */
  all: readonly [string];
  fetchPage: (filter: F, cursor?: string) => Promise<Page<R>>;
  query: (filter: F, cursor?: string) => ReturnType<typeof queryOptions<Page<R>>>;
}

export function defineList<F extends Filter, R>(name: string, url: (filter: F) => string): ListResource<F, R> {
  const all = [name] as const;
  const fetchPage = (filter: F, cursor?: string) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v) params.set(k, v);
    if (cursor) params.set('cursor', cursor);
    const base = url(filter);
    return fetchJson<Page<R>>(params.size ? `${base}?${params}` : base);
  };
  return {
    all,
    fetchPage,
    query: (filter, cursor) =>
      queryOptions<Page<R>>({
        queryKey: [name, 'list', filter, cursor ?? ''],
        queryFn: () => fetchPage(filter, cursor),
      }),
  };
}
