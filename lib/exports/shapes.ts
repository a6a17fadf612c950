import { csvRecords } from '@/lib/csv/write';
import type { Page } from '@/lib/domain/paging';
import { appIdsCell } from '@/lib/domain/token-list';
import type { GroupRow, MemberRow, MessageRow, UserRow } from '@/lib/sources/types';

/**
 * What each list's export holds: its columns and one row's cells, in UTC and in the words an
 * import reads back (`true`/`false`, `app_ids` as token-list.ts spells them). A column only a
 * directory has (how the console learned of a user, an unconfirmed change) is there only
 * when the rows come from the directory. Tokens never appear.
 */
export interface ExportShape<R> {
  columns: readonly string[];
  cells(row: R): string[];
}

/** Epoch seconds as ISO 8601 in UTC, to the second; empty when not known. */
export const isoTime = (ts: number | undefined) => (ts ? `${new Date(ts * 1000).toISOString().slice(0, 19)}Z` : '');
const yesNo = (b: boolean) => (b ? 'true' : 'false');
const unconfirmed = (ts: number | boolean | undefined) => (ts ? 'true' : 'false');

export function usersShape(fromDirectory: boolean): ExportShape<UserRow> {
  const columns = ['address', 'name', 'active', 'uid', 'created', 'app_ids'];
  return {
    columns: fromDirectory ? [...columns, 'source', 'unconfirmed'] : columns,
    cells: (u) => {
      const cells = [
        u.address,
        u.name,
        yesNo(u.active),
        u.uid ? String(u.uid) : '',
        isoTime(u.created),
        appIdsCell(u.tokens),
      ];
      return fromDirectory ? [...cells, u.learned ?? '', unconfirmed(u.unconfirmedTs)] : cells;
    },
  };
}

export function groupsShape(fromDirectory: boolean): ExportShape<GroupRow> {
  const columns = ['gid', 'name', 'active', 'flags', 'members', 'created'];
  return {
    columns: fromDirectory ? [...columns, 'unconfirmed'] : columns,
    cells: (g) => {
      const cells = [String(g.gid), g.name, yesNo(g.active), String(g.flags), String(g.members), isoTime(g.ts)];
      return fromDirectory ? [...cells, unconfirmed(g.unconfirmedTs)] : cells;
    },
  };
}

/** Members: `address`, `can_send`, `can_receive` first, the columns Import members reads. */
export const membersShape: ExportShape<MemberRow> = {
  columns: ['address', 'can_send', 'can_receive', 'name', 'uid', 'admin'],
  cells: (m) => [
    m.address,
    yesNo(m.permissions.send),
    yesNo(m.permissions.recv),
    m.name,
    String(m.uid),
    yesNo(m.admin),
  ],
};

export function messagesShape(fromDirectory: boolean): ExportShape<MessageRow> {
  const columns = ['mid', 'sent', 'from', 'to', 'gid', 'recipients', 'type', 'message', 'url', 'title'];
  return {
    columns: fromDirectory ? [...columns, 'unconfirmed'] : columns,
    cells: (m) => {
      const cells = [
        m.unconfirmed ? '' : String(m.mid),
        isoTime(m.ts),
        m.from,
        m.to.join(';'),
        m.gid ? String(m.gid) : '',
        m.recipients < 0 ? '' : String(m.recipients),
        String(m.type),
        m.message,
        m.url,
        m.title,
      ];
      return fromDirectory ? [...cells, unconfirmed(m.unconfirmed)] : cells;
    },
  };
}

/**
 * An export's file name: what, which app, where the rows were read (`live` from the backend,
 * `directory` from the console's own) and when, in UTC to the minute:
 * `users-3-directory-20261206T1200Z.csv`.
 */
export function exportFileName(what: string, appId: number, from: 'live' | 'directory', at: Date) {
  const stamp = `${at.toISOString().slice(0, 16).replace(/[-:]/g, '')}Z`;
  return `${what}-${appId}-${from}-${stamp}.csv`;
}

/**
 * A list as CSV text, a page at a time: the header, then each page's rows as `next` reads them
 * (only when the one before was taken). `tally.rows` counts the rows written so far, for the
 * caller's record of how far it got.
 */
export async function* csvPages<R>(
  shape: ExportShape<R>,
  first: Page<R>,
  next: (cursor: string) => Promise<Page<R>>,
  tally: { rows: number },
): AsyncGenerator<string> {
  yield csvRecords([shape.columns]);
  let page = first;
  for (;;) {
    if (page.rows.length) yield csvRecords(page.rows.map((r) => shape.cells(r)));
    tally.rows += page.rows.length;
    if (!page.next) return;
    page = await next(page.next);
  }
}
