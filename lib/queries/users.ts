import type { UserRow } from '@/lib/dal/users';
import { defineList } from './list';

/** Users as the browser fetches them: the list under /api/users (browser-safe). */
export const users = defineList<{ q: string }, UserRow>('users', () => '/api/users');
