import type { GroupRow, MemberRow } from '@/lib/dal/groups';
import { fetchJson } from './fetch-json';

/** react-query keys and fetchers for groups and members (browser-safe). */
export const groupKeys = {
  all: ['groups'] as const,
  list: (q: string, cursor?: string) => ['groups', 'list', q, cursor ?? ''] as const,
  members: (gid: number) => ['groups', 'members', gid] as const,
};

export type GroupsPageData = { rows: GroupRow[]; next?: string };
export type MembersPageData = { rows: MemberRow[]; next?: string };

export function fetchGroups(q: string, cursor?: string) {
  const params = new URLSearchParams({ q });
  if (cursor) params.set('cursor', cursor);
  return fetchJson<GroupsPageData>(`/api/groups?${params}`);
}

export function fetchMembers(gid: number, cursor?: string) {
  return fetchJson<MembersPageData>(`/api/groups/${gid}/members${cursor ? `?cursor=${cursor}` : ''}`);
}
