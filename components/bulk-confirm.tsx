'use client';

import type { QueryKey } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { ActionForm } from '@/components/action-form';
import { useTypedConfirmation } from '@/components/typed-confirmation';
import { Button } from '@/components/ui/button';
import { ErrorNotice, Spinner } from '@/components/ui/states';
import { type ActionHandle, useAppAction } from '@/lib/actions/use-action';
import { useScopeApp } from '@/lib/app-context';
import { jobHref } from '@/lib/domain/app-paths';
import { type BulkActionSpec, type BulkCounts, countTyped } from '@/lib/domain/bulk-actions';
import type { ActionError, ActionResult } from '@/lib/result';

/**
 * The last step of every bulk action (on users, on a group's members): the targets were taken
 * into a draft job and counted; this states the exact count and what will happen, asks for the
 * count typed where the action or a Production app wants it, and starts it. Up to 100 end
 * within the request and their outcome is said exactly (with Results, the job's rows); more
 * open the job's page, with its progress and Cancel.
 */
type Started = BulkCounts & { job: number; ended: boolean };
type StartInput = { job: number; confirm: string };

/**
 * A bulk action's steps, for either list: the kind chosen, its draft prepared (`prepare`, the
 * targets counted), then started (`start`): the outcome told, or the job's page; `close` drops
 * the draft's step (Cancel, or done).
 */
export function useBulkFlow<K extends string, P, D>(
  actions: {
    prepare: (input: P & { app: number }) => Promise<ActionResult<D>>;
    start: (input: StartInput & { app: number }) => Promise<ActionResult<Started>>;
  },
  options: { invalidates: readonly QueryKey[]; outcome: (kind: K, s: Started) => string; onDone: () => void },
) {
  const router = useRouter();
  const [kind, setKind] = useState<K>();
  const prepare = useAppAction(actions.prepare, { refresh: false });
  const close = () => {
    setKind(undefined);
    prepare.reset();
    start.reset();
  };
  const start = useAppAction(actions.start, {
    invalidates: options.invalidates,
    onSuccess: (s) => {
      const chosen = kind;
      close();
      options.onDone();
      if (!s.ended || !chosen) return router.push(jobHref(s.job));
      const message = options.outcome(chosen, s);
      const results = { label: 'Results', onClick: () => router.push(jobHref(s.job)) };
      if (s.ok === s.total) toast.success(message, { action: results });
      else toast.warning(message, { action: results });
    },
  });
  return { kind, choose: setKind, prepare, prepared: prepare.data, start, close };
}

/** While the targets are counted into the draft: a spinner, or why they could not be, and Cancel. */
export function BulkCounting(props: {
  prepare: { pending: boolean; error?: ActionError };
  noun: 'user' | 'member';
  onCancel: () => void;
}) {
  return (
    <div className="space-y-3">
      {props.prepare.pending && <Spinner label={`Counting the ${props.noun}s…`} />}
      {props.prepare.error && <ErrorNotice error={props.prepare.error} />}
      <div className="flex justify-end">
        <Button variant="secondary" onClick={props.onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

export function BulkConfirm(props: {
  start: ActionHandle<StartInput, Started>;
  prepared: { job: number; count: number; described: string };
  spec: BulkActionSpec;
  noun: 'user' | 'member';
  submitLabel: string;
  consequence: string;
  onCancel: () => void;
}) {
  const { start, prepared, spec } = props;
  const app = useScopeApp();
  const typed = useTypedConfirmation(
    countTyped(spec, app.environment) ? String(prepared.count) : undefined,
    `Type the number of ${props.noun}s to confirm`,
    start.fieldError('confirm'),
  );
  return (
    <ActionForm
      action={start}
      submitLabel={props.submitLabel}
      pendingLabel="Working…"
      danger={spec.danger}
      disabled={!typed.confirmed}
      toInput={() => ({ job: prepared.job, confirm: typed.typed })}
      secondary={
        <Button variant="secondary" onClick={props.onCancel}>
          Cancel
        </Button>
      }
    >
      <p className="text-sm">{props.consequence}</p>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        {props.noun === 'user' ? 'Users' : 'Members'}: {prepared.described} (taken now: {props.noun}s who match later
        are not included).
        {prepared.count > 100 ? ' It runs as a job: its page shows the progress, and Cancel.' : ''}
      </p>
      {typed.field}
    </ActionForm>
  );
}
