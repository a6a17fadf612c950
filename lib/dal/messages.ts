import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import type { AppAccess } from '@/lib/console/app-access';
import { DirectoryGroups } from '@/lib/console/directory-groups';
import type { Page } from '@/lib/domain/paging';
import { callOp } from '@/lib/mesibo/client';
import { MessageReply, MessagesPage, type MessageWire } from '@/lib/mesibo/contract';
import { consoleDb } from '@/lib/server/db';
import { keptChange, listedOrKept } from './directory-mode';

/** `unconfirmed`: sent from this console, but the backend did not answer (the console's directory). */
export type MessageRow = MessageWire & { unconfirmed?: boolean };

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
  return listedOrKept<Page<MessageRow>>(
    app,
    'messagesget',
    async () => {
      const page = await callOp(app, 'messagesget', { message, count, cursor }, MessagesPage);
      return { rows: page.messages, next: page.next, source: 'backend' };
    },
    async () => {
      // A backend without messagesget (mesibo's cloud) has no way to read messages: the log
      // holds those sent from this console.
      const before = cursor && /^\d{1,16}$/.test(cursor) ? Number(cursor) : undefined;
      const dir = new DirectoryGroups(await consoleDb());
      const page = await dir.listMessages(app.id, message, before, count);
      const rows = page.messages.map(
        (m): MessageRow => ({
          mid: m.mid,
          from: m.from,
          to: m.to,
          gid: m.gid,
          // How many a group message reached is the backend's to know: -1, unknown.
          recipients: m.gid ? -1 : m.to.length,
          type: 0,
          message: m.message,
          url: '',
          title: '',
          flags: 0,
          ts: m.ts,
          when: m.ts,
          ...(m.unconfirmed ? { unconfirmed: true } : {}),
        }),
      );
      return { rows, next: page.next?.toString(), source: 'directory' };
    },
  );
}

/** Never retried: a lost answer could mean a message already sent. */
export async function sendMessage(
  app: AppAccess,
  input: { from: string; to: string[]; gid?: number; message: string },
) {
  await requirePermission('messages.send');
  const target = input.gid !== undefined ? { gid: input.gid } : { to: input.to };
  const kept = {
    from: input.from,
    to: input.gid !== undefined ? [] : input.to,
    gid: input.gid,
    message: input.message,
  };
  const log = async () => new DirectoryGroups(await consoleDb());
  const r = await keptChange(
    app,
    'messagesget',
    () => callOp(app, 'message', { message: { from: input.from, ...target, message: input.message } }, MessageReply),
    async (reply) => (await log()).addMessage(app.id, { ...kept, mid: reply.mid }),
    // Lost answer: it may have been sent. The log says so, rather than forgetting it.
    async () => (await log()).addMessage(app.id, { ...kept, mid: 0, unconfirmed: true }),
  );
  return r.mid;
}
