'use client';

import { useRouter } from 'next/navigation';
import { type ReactNode, useRef, useState } from 'react';
import { ProgressBar } from '@/components/progress-bar';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { ErrorNotice } from '@/components/ui/states';
import { useAppAction } from '@/lib/actions/use-action';
import { jobHref } from '@/lib/domain/app-paths';
import type { DryRun } from '@/lib/imports/staging';
import { uploadFile } from '@/lib/queries/upload';
import type { ActionError, ActionResult } from '@/lib/result';

/**
 * An import, in two steps, whatever it imports (users, a group's members): the file is
 * uploaded with its progress and checked (a dry run that changes nothing), then started as a
 * job with the operator's choices; the job's page shows its progress. The import gives its
 * words (`hint`), where the file goes, what the dry run shows (`review`) and how its choices
 * become the start action's input.
 */
export function ImportDialog<C extends { job: number; summary: DryRun }, I>(props: {
  title: string;
  hint: ReactNode;
  uploadUrl: (file: string) => string;
  review: (checked: C) => ReactNode;
  inputOf: (checked: C, form: FormData) => I;
  action: (input: I & { app: number }) => Promise<ActionResult<{ job: number }>>;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File>();
  const [sent, setSent] = useState<[number, number]>();
  const [checked, setChecked] = useState<C>();
  const [error, setError] = useState<ActionError>();
  const abort = useRef<() => void>(undefined);
  const start = useAppAction(props.action, { onSuccess: (r) => router.push(jobHref(r.job)) });
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
    const upload = uploadFile<C>(props.uploadUrl(file.name), file, (done, total) => setSent([done, total]));
    abort.current = upload.abort;
    const r = await upload.done;
    abort.current = undefined;
    setSent(undefined);
    if ('error' in r) setError(r.error);
    else setChecked(r.data);
  };
  // onSubmit, not a form action: React resets a form after its action, and a refused start
  // (Skip invalid rows not ticked) must not quietly put the choices back to the first ones.
  const submit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (checked) start.run(props.inputOf(checked, new FormData(e.currentTarget)));
  };
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        {props.title}
      </Button>
      <Dialog open={open} onOpenChange={(o) => (o ? setOpen(true) : close())} title={props.title}>
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
                UTF-8, comma or semicolon separated, up to 1,000,000 rows and 100 MB. {props.hint} Checking changes
                nothing.
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
            {props.review(checked)}
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
