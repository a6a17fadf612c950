import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import type { AppAccess } from '@/lib/console/app-access';
import { type MessageFilter, sourcesFor } from '@/lib/sources';
import { operatorDays } from './day-range';

export type { MessageRow } from '@/lib/sources';

/**
 * The message log and Send message of an app: the permission checked here, the messages read
 * and sent through the app's messages source (its Backend API, or, where the backend cannot
 * read messages, the log of those sent from this console).
 */

/** The log's filter as the operator gives it (the URL's, Export CSV's): empty fields filter nothing. */
export type LogFilter = Partial<{
  from: string;
  to: string;
  with: string;
  gid: string | number;
  mid: string | number;
  /** Days (YYYY-MM-DD), both included, in the operator's time zone. */
  since: string;
  until: string;
}>;

/**
 * What a log filter asks the source for, and how it reads to a person ("from ann, sent 2026-12-01
 * to 2026-12-07 (Asia/Kolkata)"): a range of days becomes the instants it covers in the operator's
 * time zone. A date that is not one, or a range that ends before it starts, is refused naming it.
 */
export async function messageFilterOf(f: LogFilter): Promise<{ filter: MessageFilter; described: string[] }> {
  const { text: days, ...range } = await operatorDays(f);
  const filter: MessageFilter = {
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(f.with ? { with: f.with } : {}),
    ...(f.gid ? { gid: Number(f.gid) } : {}),
    ...(f.mid ? { mid: Number(f.mid) } : {}),
    ...range,
  };
  const described = [
    f.from && `from ${f.from}`,
    f.to && `to ${f.to}`,
    f.with && `from or to ${f.with}`,
    f.gid && `group ${f.gid}`,
    f.mid && `mid ${f.mid}`,
    days && `sent ${days}`,
  ].filter((s): s is string => Boolean(s));
  return { filter, described };
}

/** One page of the message log, newest first. */
export async function listMessages(app: AppAccess, filter: LogFilter, cursor?: string, count = 25) {
  await requirePermission('messages.view');
  return (await sourcesFor(app)).messages.list((await messageFilterOf(filter)).filter, cursor, count);
}

/** Never retried: a lost answer could mean a message already sent. */
export async function sendMessage(
  app: AppAccess,
  input: { from: string; to: string[]; gid?: number; message: string },
) {
  await requirePermission('messages.send');
  return (await sourcesFor(app)).messages.send(input);
}
