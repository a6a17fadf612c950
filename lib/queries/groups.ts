import type { GroupRow, MemberRow, UserGroupRow } from '@/lib/dal/groups';
import { defineList } from './list';

/** An app's groups and a group's members as the browser fetches them (browser-safe). */
export const groups = defineList<{ q: string }, GroupRow>('groups');
export const members = defineList<Record<string, never>, MemberRow>('members');
/** The groups of a user (refreshed with the members: a membership changed is both). */
export const userGroups = defineList<Record<string, never>, UserGroupRow>('members');
