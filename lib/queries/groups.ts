import type { InfiniteData } from '@tanstack/react-query';
import type { GroupRow, MemberRow, UserGroupRow } from '@/lib/dal/groups';
import { defineList, type Page } from './list';

/** An app's groups and a group's members as the browser fetches them (browser-safe). */
export const groups = defineList<{ q: string }, GroupRow>('groups');
export const members = defineList<Record<string, never>, MemberRow>('members');
/** The groups of a user (refreshed with the members: a membership changed is both). */
export const userGroups = defineList<Record<string, never>, UserGroupRow>('members');

/**
 * The members loaded in the browser with one member's permissions changed in place: a switch
 * flipped changes its own row, never a re-read of every page loaded (with 1,000 members loaded,
 * 11 requests and up to 3.3 s).
 */
export function withPermissions(
  data: InfiniteData<Page<MemberRow>> | undefined,
  address: string,
  change: Partial<MemberRow['permissions']>,
): InfiniteData<Page<MemberRow>> | undefined {
  if (!data?.pages) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      rows: page.rows.map((m) => (m.address === address ? { ...m, permissions: { ...m.permissions, ...change } } : m)),
    })),
  };
}
