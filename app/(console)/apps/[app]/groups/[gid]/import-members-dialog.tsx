'use client';

import { ImportDialog } from '@/components/import-dialog';
import { ImportSummary } from '@/components/import-summary';
import { useScopeApp } from '@/lib/app-context';
import type { CheckedMembersImport } from '@/lib/dal/imports';
import { membersImportApi } from '@/lib/domain/app-paths';
import { startMembersImportAction } from '../actions';

/**
 * Import members into this group: a file checked (new members, changed permissions, addresses
 * that are not users), then applied with groupeditmembers, at most 1,000 addresses a call. On
 * a directory app, addresses the directory does not know may be added to it first.
 */
function Review({ checked: { summary, directory } }: { checked: CheckedMembersImport }) {
  const n = (v: number) => v.toLocaleString('en');
  const totals: [string, number][] = [
    ['Rows', summary.rows],
    ['New members', summary.new],
    ['Already members, unchanged', summary.same],
    ['Permission changes', summary.changes],
  ];
  if (directory) totals.push(['Not in the directory', summary.unknown]);
  totals.push(['Invalid', summary.invalid]);
  if (summary.unchecked) totals.push(['Checked during the import', summary.unchecked]);
  return (
    <>
      <ImportSummary
        summary={summary}
        totals={totals}
        note={
          summary.unchecked > 0
            ? `Who is a member already is told during the import (this app's backend gives members page by page): ${n(summary.unchecked)} rows.`
            : undefined
        }
      />
      {directory && summary.unknown > 0 && (
        <label className="flex gap-2 text-sm">
          <input type="checkbox" name="addUnknown" className="mt-1" />
          <span>
            <span className="font-medium">Add them to the directory too</span>
            <span className="block text-xs text-slate-600 dark:text-slate-300">
              {n(summary.unknown)} addresses are not in this app's directory. Ticked, they are added to it as users
              first (they must exist on the backend: any that do not fail); otherwise they are skipped.
            </span>
          </span>
        </label>
      )}
    </>
  );
}

export function ImportMembersDialog({ gid }: { gid: number }) {
  const app = useScopeApp();
  return (
    <ImportDialog<CheckedMembersImport, { job: number; gid: number; addUnknown: boolean; skipInvalid: boolean }>
      title="Import members"
      hint={
        <>
          A header row names the columns: address (required), can_send and can_receive (true/false, 1/0, yes/no; both
          true when left out). Export CSV of a group's members writes this file.
        </>
      }
      uploadUrl={(file) => membersImportApi(app.id, gid, file)}
      review={(checked) => <Review checked={checked} />}
      inputOf={(checked, form) => ({
        job: checked.job,
        gid: checked.gid,
        addUnknown: form.get('addUnknown') === 'on',
        skipInvalid: form.get('skipInvalid') === 'on',
      })}
      action={startMembersImportAction}
    />
  );
}
