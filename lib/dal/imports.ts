import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import { jobs } from '@/lib/background/jobs';
import type { AppAccess } from '@/lib/console/app-access';
import type { Permission } from '@/lib/console/roles';
import { ConsoleError } from '@/lib/errors';
import { MEMBERS_IMPORT, stageMembersImport } from '@/lib/imports/members-import';
import { type DryRun, ImportFileError } from '@/lib/imports/staging';
import { type ImportMode, stageUsersImport, USERS_IMPORT } from '@/lib/imports/users-import';
import { consoleDb } from '@/lib/server/db';
import { sourcesFor } from '@/lib/sources';
import { groupByMembers } from './groups';

/**
 * Import users and Import members (operators and admins): a file is checked into a draft (the
 * dry run: nothing changes), then started as a job with the operator's choice. Which choices
 * the app offers is its sources' fact: Add to directory, and Add them to the directory too,
 * only where the directory is the list of users.
 */
export interface CheckedImport {
  job: number;
  summary: DryRun;
  /** How it may be applied here (Add to directory only where the app's backend cannot list its users). */
  modes: readonly ImportMode[];
}
export interface CheckedMembersImport {
  job: number;
  summary: DryRun;
  gid: number;
  /** The app's users are the directory's: addresses it does not know may be added to it (Add them to the directory too). */
  directory: boolean;
}

/** Reads the file into a new draft of this operator; a file that is not one is refused naming `file`, nothing kept. */
async function draftOf(
  app: AppAccess,
  permission: Permission,
  kind: string,
  title: string,
  stage: (job: number) => Promise<DryRun>,
  /** What the draft is for (Import members: the group), kept with it: the start does not take it from the browser. */
  options?: Record<string, unknown>,
) {
  const operator = await requirePermission(permission);
  const { store } = await jobs();
  const job = await store.create({
    kind,
    appId: app.id,
    operator: { id: operator.id, email: operator.email },
    title,
    options,
  });
  try {
    return { job, summary: await stage(job) };
  } catch (e) {
    if (e instanceof ImportFileError) throw new ConsoleError('invalid', e.message, { field: 'file' });
    throw e;
  }
}

/** The operator's own unstarted draft of this kind and app, with its dry run; another's is not even confirmed to exist. */
async function ownDraft(app: AppAccess, permission: Permission, kind: string, id: number, skipInvalid: boolean) {
  const operator = await requirePermission(permission);
  const { store, runner } = await jobs();
  const draft = await store.get(id);
  if (!draft || draft.kind !== kind || draft.appId !== app.id || draft.operatorId !== operator.id)
    throw new ConsoleError('not_found', 'This import was not found: check the file again.');
  if (draft.state !== 'draft') throw new ConsoleError('conflict', 'This import has already started.');
  const summary = draft.summary as unknown as DryRun;
  if (summary.invalid > 0 && !skipInvalid)
    throw new ConsoleError(
      'invalid',
      `The file has ${summary.invalid.toLocaleString('en')} invalid rows: tick Skip invalid rows to import the others (they are listed in the results).`,
      { field: 'skipInvalid' },
    );
  /** Queues the draft with its options; the runner takes it now. */
  const queue = async (options: Record<string, unknown>) => {
    if (!(await store.queue(draft.id, options, summary.rows)))
      throw new ConsoleError('conflict', 'This import has already started.');
    runner.nudge();
    return { job: draft.id, file: draft.title, rows: summary.rows, invalid: summary.invalid };
  };
  return { summary, options: draft.options, queue };
}

export async function checkUsersImport(
  app: AppAccess,
  file: string,
  body: AsyncIterable<Uint8Array>,
): Promise<CheckedImport> {
  const { users } = await sourcesFor(app);
  const db = await consoleDb();
  const { job, summary } = await draftOf(app, 'users.edit', USERS_IMPORT, file, async (id) =>
    stageUsersImport(db, (await jobs()).store, id, file, body, users),
  );
  return { job, summary, modes: users.importModes };
}

export async function startUsersImport(app: AppAccess, input: { job: number; mode: ImportMode; skipInvalid: boolean }) {
  const { users } = await sourcesFor(app);
  const draft = await ownDraft(app, 'users.edit', USERS_IMPORT, input.job, input.skipInvalid);
  if (!users.importModes.includes(input.mode))
    throw new ConsoleError('invalid', "This app's backend lists its users itself: choose Create on the backend.", {
      field: 'mode',
    });
  return draft.queue({ mode: input.mode, skipInvalid: input.skipInvalid });
}

/** Import members into group `gid`, which must exist (on a directory app, as the backend's members tell). */
export async function checkMembersImport(
  app: AppAccess,
  gid: number,
  file: string,
  body: AsyncIterable<Uint8Array>,
): Promise<CheckedMembersImport> {
  await requirePermission('groups.edit');
  const sources = await sourcesFor(app);
  const group = (await sources.groups.get(gid)) ?? (await groupByMembers(app, gid)); // a directory app: made elsewhere
  if (!group) throw new ConsoleError('not_found', `No group ${gid} in this app.`, { field: 'gid' });
  const db = await consoleDb();
  const { job, summary } = await draftOf(
    app,
    'groups.edit',
    MEMBERS_IMPORT,
    `${file} → group ${gid}`,
    async (id) => stageMembersImport(db, (await jobs()).store, id, file, body, sources, gid),
    { gid },
  );
  return { job, summary, gid, directory: sources.users.importModes.includes('directory') };
}

export async function startMembersImport(
  app: AppAccess,
  input: { job: number; gid: number; addUnknown: boolean; skipInvalid: boolean },
) {
  const { users } = await sourcesFor(app);
  const draft = await ownDraft(app, 'groups.edit', MEMBERS_IMPORT, input.job, input.skipInvalid);
  if (draft.options.gid !== input.gid)
    throw new ConsoleError('not_found', 'This import was not found: check the file again.');
  if (input.addUnknown && !users.importModes.includes('directory'))
    throw new ConsoleError(
      'invalid',
      "This app's backend lists its users itself: there is no directory to add them to.",
      {
        field: 'addUnknown',
      },
    );
  return draft.queue({ gid: input.gid, addUnknown: input.addUnknown, skipInvalid: input.skipInvalid });
}
