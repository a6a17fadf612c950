import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import { jobs } from '@/lib/background/jobs';
import type { AppAccess } from '@/lib/console/app-access';
import { ConsoleError } from '@/lib/errors';
import { ImportFileError } from '@/lib/imports/users-csv';
import { type DryRun, type ImportMode, stageUsersImport, USERS_IMPORT } from '@/lib/imports/users-import';
import { consoleDb } from '@/lib/server/db';
import { sourcesFor } from '@/lib/sources';

/**
 * Import users (operators and admins): a file is checked into a draft (the dry run: nothing
 * changes), then started as a job with the operator's choice. Which choices the app offers is
 * its users source's fact: Add to directory only where the directory is the list.
 */
export interface CheckedImport {
  job: number;
  summary: DryRun;
  /** How it may be applied here (Add to directory only where the app's backend cannot list its users). */
  modes: readonly ImportMode[];
}

export async function checkUsersImport(
  app: AppAccess,
  file: string,
  body: AsyncIterable<Uint8Array>,
): Promise<CheckedImport> {
  const operator = await requirePermission('users.edit');
  const { users } = await sourcesFor(app);
  const { store } = await jobs();
  const job = await store.create({
    kind: USERS_IMPORT,
    appId: app.id,
    operator: { id: operator.id, email: operator.email },
    title: file,
  });
  try {
    const summary = await stageUsersImport(await consoleDb(), store, job, file, body, users);
    return { job, summary, modes: users.importModes };
  } catch (e) {
    if (e instanceof ImportFileError) throw new ConsoleError('invalid', e.message, { field: 'file' });
    throw e;
  }
}

export async function startUsersImport(app: AppAccess, input: { job: number; mode: ImportMode; skipInvalid: boolean }) {
  const operator = await requirePermission('users.edit');
  const { store, runner } = await jobs();
  const draft = await store.get(input.job);
  // Only the operator's own draft of this app: another's file is not even confirmed to exist.
  if (!draft || draft.kind !== USERS_IMPORT || draft.appId !== app.id || draft.operatorId !== operator.id)
    throw new ConsoleError('not_found', 'This import was not found: check the file again.');
  if (draft.state !== 'draft') throw new ConsoleError('conflict', 'This import has already started.');
  const summary = draft.summary as unknown as DryRun;
  const { users } = await sourcesFor(app);
  if (!users.importModes.includes(input.mode))
    throw new ConsoleError('invalid', "This app's backend lists its users itself: choose Create on the backend.", {
      field: 'mode',
    });
  if (summary.invalid > 0 && !input.skipInvalid)
    throw new ConsoleError(
      'invalid',
      `The file has ${summary.invalid.toLocaleString('en')} invalid rows: tick Skip invalid rows to import the others (they are listed in the results).`,
      { field: 'skipInvalid' },
    );
  if (!(await store.queue(draft.id, { mode: input.mode, skipInvalid: input.skipInvalid }, summary.rows)))
    throw new ConsoleError('conflict', 'This import has already started.');
  runner.nudge();
  return { job: draft.id, file: draft.title, rows: summary.rows, invalid: summary.invalid };
}
