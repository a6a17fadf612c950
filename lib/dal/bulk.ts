import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import { jobs } from '@/lib/background/jobs';
import { bulkOf } from '@/lib/bulk/kinds';
import { draftMembersBulk, type MEMBERS_BULK } from '@/lib/bulk/members-bulk';
import { draftUsersBulk, type USERS_BULK } from '@/lib/bulk/users-bulk';
import type { AppAccess } from '@/lib/console/app-access';
import {
  BULK_IN_REQUEST,
  type BulkCounts,
  countTyped,
  USERS_BULK_ACTIONS,
  type UsersBulkAction,
} from '@/lib/domain/bulk-actions';
import { MAX_BULK_ROWS } from '@/lib/domain/limits';
import { prefixPattern } from '@/lib/domain/list-query';
import { MEMBERS_BULK_ACTIONS, type MembersBulkAction } from '@/lib/domain/member-bulk-actions';
import { addressKey } from '@/lib/domain/search-text';
import { ConsoleError } from '@/lib/errors';
import type { Job } from '@/lib/jobs/store';
import { presenceStore } from '@/lib/server/webhooks';
import { type GroupsSource, type Sources, sourcesFor } from '@/lib/sources';
import type { PrepareMembersBulkInput, PrepareUsersBulkInput } from '@/lib/validations/bulk';
import { userQueryOf } from '@/lib/validations/users';
import { groupByMembers } from './groups';

/**
 * Acting on many users at once: **prepare** takes the users (a selection, or everything a search
 * matches now) into a draft job and says exactly how many; **start** runs it once confirmed (the
 * count typed for a Delete, and for anything in a Production app). Up to BULK_IN_REQUEST rows
 * end within the request, which answers with the outcome; more run on as a job with its page.
 * Each step checks the permission the action's single form needs.
 */
export interface PreparedBulk {
  job: number;
  action: UsersBulkAction;
  count: number;
  /** What it acts on, in words ("users matching \"acme\"", "3 selected users"). */
  described: string;
}

/** Pages of the addresses a search matches, in the list's order, as the list reads them. */
async function* matching(sources: Sources, search: NonNullable<PrepareUsersBulkInput['search']>) {
  let cursor: string | undefined;
  const seen = search.presence ? await presenceStore() : undefined;
  do {
    const page = seen
      ? await sources.users.listBySeen(
          { online: search.presence === 'online', onlineSince: seen.onlineSince(), pattern: prefixPattern(search.q) },
          cursor,
          1000,
        )
      : await sources.users.list(userQueryOf(search), cursor, 1000);
    yield page.rows.map((u) => u.address);
    cursor = page.next;
  } while (cursor);
}

function takenText(input: PrepareUsersBulkInput): string {
  if (input.addresses) return `${input.addresses.length.toLocaleString('en')} selected`;
  const s = input.search ?? { q: '', active: '', appid: '', presence: '' };
  const filters = [s.active, s.appid && `App ID ${s.appid}`, s.presence].filter(Boolean);
  return `all matching ${s.q ? `"${s.q}"` : 'no search'}${filters.length ? ` (${filters.join(', ')})` : ''}`;
}

/** The action is one this app can take: its group exists (on a directory app, as its members tell). */
async function checkAction(app: AppAccess, sources: Sources, action: UsersBulkAction) {
  if (action.kind !== 'addToGroup') return;
  const group = (await sources.groups.get(action.gid)) ?? (await groupByMembers(app, action.gid));
  if (!group) throw new ConsoleError('not_found', `No group ${action.gid} in this app.`, { field: 'gid' });
}

export async function prepareUsersBulk(app: AppAccess, input: PrepareUsersBulkInput): Promise<PreparedBulk> {
  const { action } = input;
  const operator = await requirePermission(USERS_BULK_ACTIONS[action.kind].permission);
  const sources = await sourcesFor(app);
  await checkAction(app, sources, action);
  const { store } = await jobs();
  const described = takenText(input);
  const pages = input.addresses
    ? [[...new Set(input.addresses)]]
    : matching(sources, input.search ?? { q: '', sort: '-created', active: '', appid: '', presence: '' });
  const { job, count } = await draftUsersBulk(
    store,
    {
      appId: app.id,
      operator: { id: operator.id, email: operator.email },
      action,
      title: `${USERS_BULK_ACTIONS[action.kind].label}: ${described}`,
    },
    pages,
    MAX_BULK_ROWS,
  );
  if (count === 0) throw new ConsoleError('invalid', 'No users match this search any more: nothing to do.');
  return { job, action, count, described };
}

/** How a started bulk action stands: ended (with its counts), or running on as a job. */
export interface StartedBulk extends BulkCounts {
  job: number;
  ended: boolean;
  state: Job['state'];
}

/** How long a small bulk action may take within its request before it is left to run as a job. */
const IN_REQUEST_MS = 20_000;

/**
 * Starts a prepared bulk action (on users or on members, as `kind` says), the operator's own
 * draft in this app, once confirmed: the count typed where its action or a Production app asks.
 */
export async function startBulk(
  app: AppAccess,
  kind: typeof USERS_BULK | typeof MEMBERS_BULK,
  input: { job: number; confirm: string },
): Promise<StartedBulk> {
  const { store, runner } = await jobs();
  const draft = await store.get(input.job);
  const bulk = draft?.kind === kind ? bulkOf(draft) : undefined;
  const operator = await requirePermission(bulk?.spec.permission ?? 'users.view');
  if (!draft || !bulk || draft.appId !== app.id || draft.operatorId !== operator.id)
    throw new ConsoleError('not_found', 'This action was not found: choose it again.');
  if (draft.state !== 'draft') throw new ConsoleError('conflict', 'This action has already started.');
  const count = draft.total;
  if (countTyped(bulk.spec, app.environment) && input.confirm.replace(/[,\s]/g, '') !== String(count))
    throw new ConsoleError('invalid', `Type the number of ${bulk.noun}s, ${count.toLocaleString('en')}, to confirm.`, {
      field: 'confirm',
    });
  if (!(await store.queue(draft.id, draft.options, count)))
    throw new ConsoleError('conflict', 'This action has already started.');
  runner.nudge();
  let job = (await store.get(draft.id)) ?? draft;
  if (count <= BULK_IN_REQUEST) {
    const until = Date.now() + IN_REQUEST_MS;
    while (!ended(job) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await store.get(draft.id)) ?? job;
    }
  }
  return {
    job: job.id,
    total: job.total,
    ended: ended(job),
    state: job.state,
    ok: job.ok,
    skipped: job.skipped,
    failed: job.failed,
    unconfirmed: job.unconfirmed,
  };
}

const ended = (job: Job) => ['done', 'failed', 'cancelled', 'paused'].includes(job.state);

/** What a bulk action on members acts on, in words and as the draft's title. */
export interface PreparedMembersBulk {
  job: number;
  action: MembersBulkAction;
  count: number;
  described: string;
}

/** Pages of the members whose address starts with `q` (any case), in uid order, with their permissions. */
async function* matchingMembers(groups: GroupsSource, gid: number, q: string) {
  const prefix = addressKey(q.trim());
  let cursor: string | undefined;
  do {
    const page = await groups.members(gid, cursor, 100);
    yield page.rows
      .filter((m) => addressKey(m.address).startsWith(prefix))
      .map((m) => ({ address: m.address, send: m.permissions.send, recv: m.permissions.recv }));
    cursor = page.next;
  } while (cursor);
}

/**
 * Act on many members of a group: the selection, or every member whose address starts with the
 * filter now, taken into a draft and counted exactly for the confirmation.
 */
export async function prepareMembersBulk(app: AppAccess, input: PrepareMembersBulkInput): Promise<PreparedMembersBulk> {
  const { gid, action } = input;
  const operator = await requirePermission(MEMBERS_BULK_ACTIONS[action.kind].permission);
  const { groups } = await sourcesFor(app);
  const group = (await groups.get(gid)) ?? (await groupByMembers(app, gid))?.group;
  if (!group) throw new ConsoleError('not_found', `No group ${gid} in this app.`, { field: 'gid' });
  const { store } = await jobs();
  const q = input.search?.q.trim() ?? '';
  const described = input.addresses
    ? `${input.addresses.length.toLocaleString('en')} selected`
    : q
      ? `all whose address starts with "${q}"`
      : 'all members';
  const pages = input.addresses
    ? [[...new Set(input.addresses)].map((address) => ({ address }))]
    : matchingMembers(groups, gid, q);
  const { job, count } = await draftMembersBulk(
    store,
    {
      appId: app.id,
      operator: { id: operator.id, email: operator.email },
      options: { gid, action },
      title: `${MEMBERS_BULK_ACTIONS[action.kind].title} of group ${gid}: ${described}`,
    },
    pages,
    MAX_BULK_ROWS,
  );
  if (count === 0) throw new ConsoleError('invalid', 'No members match this filter any more: nothing to do.');
  return { job, action, count, described };
}
