import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import { jobs } from '@/lib/background/jobs';
import { draftUsersBulk, USERS_BULK, type UsersBulkOptions } from '@/lib/bulk/users-bulk';
import type { AppAccess } from '@/lib/console/app-access';
import { BULK_IN_REQUEST, USERS_BULK_ACTIONS, type UsersBulkAction } from '@/lib/domain/bulk-actions';
import { MAX_BULK_ROWS } from '@/lib/domain/limits';
import { prefixPattern } from '@/lib/domain/list-query';
import { ConsoleError } from '@/lib/errors';
import type { Job } from '@/lib/jobs/store';
import { presenceStore } from '@/lib/server/webhooks';
import { type Sources, sourcesFor } from '@/lib/sources';
import type { PrepareUsersBulkInput } from '@/lib/validations/bulk';
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
export interface StartedBulk {
  job: number;
  total: number;
  ended: boolean;
  state: Job['state'];
  ok: number;
  skipped: number;
  failed: number;
  unconfirmed: number;
}

/** How long a small bulk action may take within its request before it is left to run as a job. */
const IN_REQUEST_MS = 20_000;

export async function startUsersBulk(app: AppAccess, input: { job: number; confirm: string }): Promise<StartedBulk> {
  const { store, runner } = await jobs();
  const draft = await store.get(input.job);
  const operator = await requirePermission(
    draft?.kind === USERS_BULK
      ? USERS_BULK_ACTIONS[(draft.options as unknown as UsersBulkOptions).action.kind].permission
      : 'users.view',
  );
  if (!draft || draft.kind !== USERS_BULK || draft.appId !== app.id || draft.operatorId !== operator.id)
    throw new ConsoleError('not_found', 'This action was not found: choose it again.');
  if (draft.state !== 'draft') throw new ConsoleError('conflict', 'This action has already started.');
  const { action } = draft.options as unknown as UsersBulkOptions;
  const count = draft.total;
  // The count typed: always for Delete, and for anything in a Production app.
  if (
    (action.kind === 'delete' || app.environment === 'production') &&
    input.confirm.replace(/[,\s]/g, '') !== String(count)
  )
    throw new ConsoleError('invalid', `Type the number of users, ${count.toLocaleString('en')}, to confirm.`, {
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
