import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import type { AppAccess } from '@/lib/console/app-access';
import { callOp } from '@/lib/mesibo/client';
import { MessageReply, MessagesPage, type MessageWire } from '@/lib/mesibo/contract';

export type MessageRow = MessageWire;

/** One page of the message log, newest first; empty filter fields filter nothing. */
export async function listMessages(
  app: AppAccess,
  filter: { from: string; to: string; gid: string },
  cursor?: string,
  count = 25,
) {
  await requirePermission('messages.view');
  const message = {
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { to: filter.to } : {}),
    ...(filter.gid ? { gid: Number(filter.gid) } : {}),
  };
  const page = await callOp(app, 'messagesget', { message, count, cursor }, MessagesPage);
  return { rows: page.messages, next: page.next };
}

/** Never retried: a lost answer could mean a message already sent. */
export async function sendMessage(
  app: AppAccess,
  input: { from: string; to: string[]; gid?: number; message: string },
) {
  await requirePermission('messages.send');
  const target = input.gid !== undefined ? { gid: input.gid } : { to: input.to };
  return (
    await callOp(app, 'message', { message: { from: input.from, ...target, message: input.message } }, MessageReply)
  ).mid;
}
