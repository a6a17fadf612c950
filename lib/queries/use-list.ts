'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { usePathname, useRouter } from 'next/navigation';
import { useCallback } from 'react';
import { type ActionError, errorOf } from '@/lib/result';
import type { Filter, ListResource, ListState, Paging } from './list';

export type { ListState };

/**
 * One list on screen: the filter, cursor and `trail` (the cursors of the pages before) live
 * in the URL, so a reload or a shared link shows the same page; the server-rendered first
 * page is the initial data; the previous page stays on screen while the next one loads.
 */

export function useList<F extends Filter, R>(
  resource: ListResource<F, R>,
  state: ListState<F, R>,
  /** Read the page again every so often while this says so (a list of jobs that run). */
  refresh?: { ms: number; while: (rows: R[]) => boolean },
) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const pathname = usePathname();
  const query = useQuery({
    ...resource.query(state.endpoint, state.filter, state.cursor),
    initialData: state.initialError ? undefined : state.initial,
    placeholderData: (previous) => previous,
    refetchInterval: refresh ? (q) => (refresh.while(q.state.data?.rows ?? []) ? refresh.ms : false) : undefined,
  });
  const go = useCallback(
    (filter: F, cursor?: string, trail: string[] = []) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(filter)) if (v) params.set(k, v);
      if (cursor) params.set('cursor', cursor);
      if (trail.length) params.set('trail', trail.join(','));
      router.replace(params.size ? `${pathname}?${params}` : pathname, { scroll: false });
    },
    [router, pathname],
  );
  const failed: ActionError | undefined = query.error
    ? errorOf(query.error, 'The list could not be loaded.')
    : undefined;
  const paging: Paging = {
    hasPrevious: state.trail.length > 0,
    next: query.data?.next,
    onPrevious: () => {
      const previous = state.trail[state.trail.length - 1];
      go(state.filter, previous === '0' ? undefined : previous, state.trail.slice(0, -1));
    },
    onNext: (cursor) => go(state.filter, cursor, [...state.trail, state.cursor ?? '0']),
  };
  return {
    /** What the list's DataTable shows: rows, loading and error states, Retry, paging. */
    table: {
      rows: query.data?.rows ?? [],
      loading: query.isFetching,
      pending: query.isPlaceholderData,
      error: failed ?? (query.data ? undefined : state.initialError),
      onRetry: () => void query.refetch(),
      paging,
    },
    /** Where the rows come from (the console's directory, for a backend that cannot list), when said. */
    source: (query.data ?? state.initial)?.source,
    /** How many the whole list holds, where it was counted (with its first page); what its search could do. */
    count:
      (query.data ?? state.initial)?.count ??
      queryClient.getQueryData(resource.query(state.endpoint, state.filter).queryKey)?.count,
    search: (query.data ?? state.initial)?.search,
    /** A new filter starts again at the first page. */
    setFilter: useCallback((filter: F) => go(filter), [go]),
  };
}
