import type { MessageRow } from '@/lib/dal/messages';
import { defineList } from './list';

/** An app's message log as the browser fetches it (browser-safe). */
export type MessageFilter = {
  from: string;
  to: string;
  with: string;
  gid: string;
  mid: string;
  /** Days (YYYY-MM-DD) in the operator's time zone. */
  since: string;
  until: string;
};
export const messages = defineList<MessageFilter, MessageRow>('messages');
