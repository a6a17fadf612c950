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
  /**
   * `endpoint`: the route handler of this list (the server page names it: an app's lists
   * live under /api/apps/<app>/…), part of the key, so two apps' lists never share a cache.
   */
  fetchPage: (endpoint: string, filter: F, cursor?: string) => Promise<Page<R>>;
  query: (endpoint: string, filter: F, cursor?: string) => ReturnType<typeof queryOptions<Page<R>>>;
}

export function defineList<F extends Filter, R>(name: string): ListResource<F, R> {
  const all = [name] as const;
  const fetchPage = (endpoint: string, filter: F, cursor?: string) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v) params.set(k, v);
    if (cursor) params.set('cursor', cursor);
    return fetchJson<Page<R>>(params.size ? `${endpoint}?${params}` : endpoint);
  };
  return {
    all,
    fetchPage,
    query: (endpoint, filter, cursor) =>
      queryOptions<Page<R>>({
        queryKey: [name, endpoint, 'list', filter, cursor ?? ''],
        queryFn: () => fetchPage(endpoint, filter, cursor),
      }),
  };
}
