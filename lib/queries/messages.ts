import type { MessageRow } from '@/lib/dal/messages';
import { fetchJson } from './fetch-json';

export const messageKeys = {
  all: ['messages'] as const,
  list: (f: { from: string; to: string; gid: string }, cursor?: string) =>
    ['messages', 'list', f.from, f.to, f.gid, cursor ?? ''] as const,
};

export type MessagesPageData = { rows: MessageRow[]; next?: string };

export function fetchMessages(f: { from: string; to: string; gid: string }, cursor?: string) {
  const params = new URLSearchParams();
  if (f.from) params.set('from', f.from);
  if (f.to) params.set('to', f.to);
  if (f.gid) params.set('gid', f.gid);
  if (cursor) params.set('cursor', cursor);
  return fetchJson<MessagesPageData>(`/api/messages?${params}`);
}
