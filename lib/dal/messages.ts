import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import type { AppAccess } from '@/lib/console/app-access';
import { sourcesFor } from '@/lib/sources';

export type { MessageRow } from '@/lib/sources';

/**
 * The message log and Send message of an app: the permission checked here, the messages read
 * and sent through the app's messages source (its Backend API, or, where the backend cannot
 * read messages, the log of those sent from this console).
 */

/** One page of the message log, newest first; empty filter fields filter nothing. */
export async function listMessages(
  app: AppAccess,
  filter: Partial<{ from: string; to: string; with: string; gid: string; mid: string }>,
  cursor?: string,
  count = 25,
) {
  await requirePermission('messages.view');
  const message = {
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { to: filter.to } : {}),
    ...(filter.with ? { with: filter.with } : {}),
    ...(filter.gid ? { gid: Number(filter.gid) } : {}),
    ...(filter.mid ? { mid: Number(filter.mid) } : {}),
  };
  return (await sourcesFor(app)).messages.list(message, cursor, count);
}

/** Never retried: a lost answer could mean a message already sent. */
export async function sendMessage(
  app: AppAccess,
  input: { from: string; to: string[]; gid?: number; message: string },
) {
  await requirePermission('messages.send');
  return (await sourcesFor(app)).messages.send(input);
}
