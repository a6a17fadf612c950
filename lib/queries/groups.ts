import type { GroupRow, MemberRow } from '@/lib/dal/groups';
import { defineList } from './list';

/** An app's groups and a group's members as the browser fetches them (browser-safe). */
export const groups = defineList<{ q: string }, GroupRow>('groups');
export const members = defineList<Record<string, never>, MemberRow>('members');
