'use client';

import { type QueryKey, useQuery } from '@tanstack/react-query';
import { type ActionError, ActionFailure } from '@/lib/actions/result';

/**
 * One page of a list: the server-rendered first load as initial data, then react-query for
 * refetches, keeping the previous page on screen while the next one loads. `error` is what
 * to show: a failed refetch, or the server's failed first load.
 */
export function usePage<T extends { rows: unknown[] }>(options: {
  key: QueryKey;
  fetch: () => Promise<T>;
  initial?: T;
  initialError?: ActionError;
  what: string;
}) {
  const query = useQuery({
    queryKey: options.key,
    queryFn: options.fetch,
    initialData: options.initialError ? undefined : options.initial,
    placeholderData: (previous) => previous,
  });
  const failed: ActionError | undefined =
    query.error instanceof ActionFailure
      ? query.error.error
      : query.error
        ? { code: 'internal', message: `Could not load ${options.what}.` }
        : undefined;
  return {
    query,
    rows: (query.data?.rows ?? []) as T['rows'],
    error: failed ?? (query.data ? undefined : options.initialError),
  };
}
