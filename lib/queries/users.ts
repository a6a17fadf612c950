import type { UserRow } from '@/lib/dal/users';
import { fetchJson } from './fetch-json';

/** react-query keys and fetchers for users (browser-safe: no server imports). */
export const userKeys = {
  all: ['users'] as const,
  list: (q: string, cursor?: string) => ['users', 'list', q, cursor ?? ''] as const,
};

export type UsersPageData = { rows: UserRow[]; next?: string };

export function fetchUsers(q: string, cursor?: string) {
  const params = new URLSearchParams({ q });
  if (cursor) params.set('cursor', cursor);
  return fetchJson<UsersPageData>(`/api/users?${params}`);
}
