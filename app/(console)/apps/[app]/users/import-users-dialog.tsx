'use client';

import { ImportDialog } from '@/components/import-dialog';
import { ImportSummary } from '@/components/import-summary';
import { useScopeApp } from '@/lib/app-context';
import type { CheckedImport } from '@/lib/dal/imports';
import { usersImportApi } from '@/lib/domain/app-paths';
import type { ImportMode } from '@/lib/imports/users-import';
import { startImportAction } from './actions';

/**
 * Import users: a file checked (new users, changes to known ones, invalid rows), then applied
 * as the app allows: Add to directory (a directory app: no backend call), or Create on the
 * backend.
 */
const MODE_WORDS = {
  directory: ['Add to directory', 'No backend call: the console learns users made elsewhere (uid and app_ids kept).'],
  backend: ['Create on the backend', 'A useradd per row with only the columns the file has. No tokens are issued.'],
} as const;

function Review({ checked: { summary, modes } }: { checked: CheckedImport }) {
  const n = (v: number) => v.toLocaleString('en');
  const totals: [string, number][] = [
    ['Rows', summary.rows],
    ['New', summary.new],
    ['Already known, unchanged', summary.same],
    ['Changes to known users', summary.changes],
    ['Invalid', summary.invalid],
  ];
  if (summary.unchecked) totals.push(['Checked during the import', summary.unchecked]);
  const note =
    summary.unchecked > 0
      ? `This app's backend is remote: which rows are new is told during the import, not by looking up ${n(summary.unchecked)} users first.`
      : undefined;
  return (
    <>
      <ImportSummary summary={summary} totals={totals} note={note} />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">How to apply it</legend>
        {modes.map((m: ImportMode, i) => (
          <label key={m} className="flex gap-2 text-sm">
            <input type="radio" name="mode" value={m} defaultChecked={i === 0} className="mt-1" />
            <span>
              <span className="font-medium">{MODE_WORDS[m][0]}</span>
              <span className="block text-xs text-slate-600 dark:text-slate-300">{MODE_WORDS[m][1]}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </>
  );
}

export function ImportUsersDialog() {
  const app = useScopeApp();
  return (
    <ImportDialog<CheckedImport, { job: number; mode: ImportMode; skipInvalid: boolean }>
      title="Import users"
      hint={
        <>
          A header row names the columns: address (required), name, active (true/false, 1/0, yes/no); for Add to
          directory also uid and app_ids (App IDs separated by “;”, each with its expiry as Export CSV writes it).
        </>
      }
      uploadUrl={(file) => usersImportApi(app.id, file)}
      review={(checked) => <Review checked={checked} />}
      inputOf={(checked, form) => ({
        job: checked.job,
        mode: form.get('mode') === 'directory' ? 'directory' : 'backend',
        skipInvalid: form.get('skipInvalid') === 'on',
      })}
      action={startImportAction}
    />
  );
}
