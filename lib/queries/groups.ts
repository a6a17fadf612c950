import type { GroupRow, MemberRow } from '@/lib/dal/groups';
import { defineList } from './list';

/** Groups and a group's members as the browser fetches them (browser-safe). */
export const groups = defineList<{ q: string }, GroupRow>('groups', () => '/api/groups');
export const members = defineList<{ gid: string }, MemberRow>('members', (f) => `/api/groups/${f.gid}/members`);
