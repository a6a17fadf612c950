import 'server-only';
import { auditRequest } from '@/lib/auth/audit-entry';
import { requirePermission } from '@/lib/auth/session';
import type { AppAccess } from '@/lib/console/app-access';
import type { Permission } from '@/lib/console/roles';
import type { Page } from '@/lib/domain/paging';
import { toActionError } from '@/lib/errors';
import {
  csvPages,
  type ExportShape,
  exportFileName,
  groupsShape,
  membersShape,
  messagesShape,
  usersShape,
} from '@/lib/exports/shapes';
import { log } from '@/lib/server/log';
import { currentRequestId, withRequestId } from '@/lib/server/request-context';
import { type Sources, sourcesFor } from '@/lib/sources';
import type { ExportRequest } from '@/lib/validations/exports';
import { groupQueryOf } from '@/lib/validations/groups';
import { userQueryOf } from '@/lib/validations/users';
import { messageFilterOf } from './messages';

/**
 * Export CSV of an app's lists (operators and admins): users (what a search matches, or all),
 * groups, a group's members, the message log (what its filter matches). Read through the
 * app's sources, so from the backend where it lists and from the console's directory
 * otherwise, which the file's name says. The first page is read before anything is sent (a
 * backend that fails then is an error next to the button, not a broken file); the rest a page
 * at a time as the browser takes them, so a million rows never sit in memory. Each export is
 * audited when it ends: the app, what was asked, how many rows, and whether it completed.
 */
const PAGE = 1000;

interface Listing<R> {
  permission: Permission;
  /** The file name's first word. */
  what: string;
  /** What was asked, in the audit log's words. */
  asked: string;
  read(cursor: string | undefined, count: number): Promise<Page<R>>;
  shape(fromDirectory: boolean): ExportShape<R>;
}

/**
 * A file lists oldest first where the list shows newest first (its default): the rows of two
 * exports a day apart then stay in place, the new ones at the end. Another order asked is kept.
 */
const fileOrder = <Q extends { sort: string }>(query: Q): Q =>
  query.sort === '-created' ? { ...query, sort: 'created' } : query;

/** What an export of a list asked, in the audit log's words: its search and the filters set. */
function described(what: string, q: string, filters: Record<string, string>) {
  const set = Object.entries(filters)
    .filter(([, v]) => v !== '' && v !== '-created')
    .map(([k, v]) => `${k} ${v}`);
  return `${q ? `${what} matching "${q}"` : `all ${what}`}${set.length ? ` (${set.join(', ')})` : ''}`;
}

/** Each list's rows are of its own type; the export only hands them from `read` to `shape`. */
const listing = <R>(l: Listing<R>) => l as unknown as Listing<unknown>;

async function listingOf(sources: Sources, r: ExportRequest): Promise<Listing<unknown>> {
  switch (r.list) {
    case 'users':
      return listing({
        permission: 'users.view',
        what: 'users',
        asked: described('users', r.q, { sort: r.sort, active: r.active, 'App ID': r.appid }),
        read: (cursor, count) => sources.users.list(fileOrder(userQueryOf(r)), cursor, count),
        shape: usersShape,
      });
    case 'groups':
      return listing({
        permission: 'groups.view',
        what: 'groups',
        asked: described('groups', r.q, { sort: r.sort, send: r.send, delivery: r.delivery }),
        read: (cursor, count) => sources.groups.list(fileOrder(groupQueryOf(r)), cursor, count),
        shape: groupsShape,
      });
    case 'members':
      return listing({
        permission: 'groups.view',
        what: `group-${r.gid}-members`,
        asked: `members of group ${r.gid}`,
        // Members are read from the backend on every kind of app (mesibo's cloud has groupgetmembers).
        read: async (cursor, count) => ({ ...(await sources.groups.members(r.gid, cursor, count)), source: 'backend' }),
        shape: () => membersShape,
      });
    case 'messages': {
      const { filter, described } = await messageFilterOf(r);
      return listing({
        permission: 'messages.view',
        what: 'messages',
        asked: described.length ? `messages ${described.join(', ')}` : 'all messages',
        read: (cursor, count) => sources.messages.list(filter, cursor, count),
        shape: messagesShape,
      });
    }
  }
}

export interface ListExport {
  file: string;
  /** The CSV, a page at a time; absent for a check (`check`: may this export start, and under which name). */
  chunks?: AsyncGenerator<string>;
}

export async function exportList(app: AppAccess, request: ExportRequest, check = false): Promise<ListExport> {
  const operator = await requirePermission('data.export');
  const sources = await sourcesFor(app);
  const list = await listingOf(sources, request);
  await requirePermission(list.permission);
  const first = await list.read(undefined, check ? 1 : PAGE);
  const from = first.source === 'directory' ? 'directory' : 'live';
  const file = exportFileName(list.what, app.id, from, new Date());
  if (check) return { file };
  const shape = list.shape(from === 'directory');
  const requestId = currentRequestId() ?? '';
  const audit = (rows: number, outcome: 'ok' | 'failed', ending: string) =>
    auditRequest(
      { operator },
      {
        action: `${request.list}.export`,
        target: list.asked,
        outcome,
        detail: `${rows.toLocaleString('en')} ${rows === 1 ? 'row' : 'rows'} from the ${from === 'live' ? 'backend' : "console's directory"}, ${ending}`,
        requestId,
        appId: app.id,
      },
      'change',
    );
  async function* chunks() {
    const tally = { rows: 0 };
    let ended = false;
    try {
      yield* csvPages(shape, first, (cursor) => withRequestId(requestId, () => list.read(cursor, PAGE)), tally);
      ended = true;
      await audit(tally.rows, 'ok', `as ${file}.`);
    } catch (e) {
      ended = true;
      const error = toActionError(e, requestId, { app: app.id });
      log().error({ err: e, requestId, file, rows: tally.rows }, 'export failed part way');
      await audit(tally.rows, 'failed', `then stopped: ${error.message}`);
      throw e;
    } finally {
      // The browser went away (a cancelled download): what it took is still recorded.
      if (!ended) await audit(tally.rows, 'failed', 'then the download was cancelled.');
    }
  }
  return { file, chunks: chunks() };
}
