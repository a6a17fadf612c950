import type { UserRow } from '@/lib/dal/users';
import { defineList } from './list';

/** An app's users as the browser fetches them (browser-safe). */
export const users = defineList<{ q: string }, UserRow>('users');
