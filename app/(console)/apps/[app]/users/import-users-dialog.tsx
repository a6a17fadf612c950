'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { ProgressBar } from '@/components/progress-bar';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { ErrorNotice } from '@/components/ui/states';
import { useAppAction } from '@/lib/actions/use-action';
import { useScopeApp } from '@/lib/app-context';
import type { CheckedImport } from '@/lib/dal/imports';
import { jobHref, usersImportApi } from '@/lib/domain/app-paths';
import { uploadFile } from '@/lib/queries/upload';
import type { ActionError } from '@/lib/result';
import { startImportAction } from './actions';
import { ImportModes, ImportSummary } from './import-summary';

/**
 * Import users, in two steps: the file is uploaded and checked (a dry run that changes
 * nothing), then started as a job with the operator's choice; its page shows the progress.
 */
export function ImportUsersDialog() {
  const app = useScopeApp();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File>();
  const [sent, setSent] = useState<[number, number]>();
  const [checked, setChecked] = useState<CheckedImport>();
  const [error, setError] = useState<ActionError>();
  const abort = useRef<() => void>(undefined);
  const start = useAppAction(startImportAction, { onSuccess: (r) => router.push(jobHref(r.job)) });
  const reset = () => {
    abort.current?.();
    setFile(undefined);
    setSent(undefined);
    setChecked(undefined);
    setError(undefined);
    start.reset();
  };
  const close = () => {
    reset();
    setOpen(false);
  };
  const check = async () => {
    if (!file) return setError({ code: 'invalid', message: 'Choose a CSV file first.' });
    setError(undefined);
    const upload = uploadFile<CheckedImport>(usersImportApi(app.id, file.name), file, (done, total) =>
      setSent([done, total]),
    );
    abort.current = upload.abort;
    const r = await upload.done;
    abort.current = undefined;
    setSent(undefined);
    if ('error' in r) setError(r.error);
    else setChecked(r.data);
  };
  // onSubmit, not a form action: React resets a form after its action, and a refused start
  // (Skip invalid rows not ticked) must not quietly put the choice back to the first one.
  const submit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    if (!checked) return;
    start.run({
      app: app.id,
      job: checked.job,
      mode: form.get('mode') === 'directory' ? 'directory' : 'backend',
      skipInvalid: form.get('skipInvalid') === 'on',
    });
  };
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Import users
      </Button>
      <Dialog open={open} onOpenChange={(o) => (o ? setOpen(true) : close())} title="Import users">
        {!checked ? (
          <div className="space-y-4">
            <div>
              <label htmlFor="import-file" className="mb-1 block text-sm font-medium">
                CSV file
              </label>
              <input
                id="import-file"
                type="file"
                accept=".csv,text/csv"
                aria-describedby="import-file-hint"
                onChange={(e) => setFile(e.target.files?.[0])}
                className="block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 dark:file:border-slate-700 dark:file:bg-slate-900 dark:file:text-slate-100"
              />
              <p id="import-file-hint" className="mt-1 text-xs text-slate-500 dark:text-slate-400">
                UTF-8, comma or semicolon separated, up to 1,000,000 rows and 100 MB. A header row names the columns:
                address (required), name, active (true/false, 1/0, yes/no); for Add to directory also uid and app_ids
                (App IDs separated by “;”). Checking changes nothing.
              </p>
            </div>
            {sent &&
              (sent[0] < sent[1] ? (
                <ProgressBar
                  label="Uploading"
                  value={sent[0]}
                  max={sent[1]}
                  text={`Uploading… ${mb(sent[0])} of ${mb(sent[1])}`}
                />
              ) : (
                <ProgressBar
                  label="Checking"
                  max={0}
                  text={`Uploaded ${mb(sent[1])}; checking every row (nothing changes)…`}
                />
              ))}
            {error && <ErrorNotice error={error} />}
            <div className="flex justify-end gap-2">
              <Button variant="ghost" onClick={close}>
                Cancel
              </Button>
              <Button onClick={check} disabled={sent !== undefined}>
                {sent ? 'Checking…' : 'Check file'}
              </Button>
            </div>
          </div>
        ) : (
          <form onSubmit={submit} className="space-y-4">
            <p className="text-sm">
              <span className="font-medium">{checked.summary.file}</span>: nothing has changed yet.
            </p>
            <ImportSummary summary={checked.summary} />
            <ImportModes modes={checked.modes} />
            {checked.summary.invalid > 0 && (
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="skipInvalid" />
                Skip invalid rows ({checked.summary.invalid.toLocaleString('en')}; they are listed in the results)
              </label>
            )}
            {start.error && <ErrorNotice error={start.error} />}
            <div className="flex flex-wrap justify-end gap-2">
              <Button variant="ghost" onClick={reset}>
                Choose another file
              </Button>
              <Button type="submit" disabled={start.pending}>
                {start.pending ? 'Starting…' : 'Start import'}
              </Button>
            </div>
          </form>
        )}
      </Dialog>
    </>
  );
}
