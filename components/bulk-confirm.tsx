'use client';

import type { QueryKey } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { ActionForm } from '@/components/action-form';
import { useTypedConfirmation } from '@/components/typed-confirmation';
import { Button } from '@/components/ui/button';
import { type ActionHandle, useAppAction } from '@/lib/actions/use-action';
import { useScopeApp } from '@/lib/app-context';
import { jobHref } from '@/lib/domain/app-paths';
import { type BulkActionSpec, type BulkCounts, countTyped } from '@/lib/domain/bulk-actions';
import type { ActionResult } from '@/lib/result';

/**
 * The last step of every bulk action (on users, on a group's members): the targets were taken
 * into a draft job and counted; this states the exact count and what will happen, asks for the
 * count typed where the action or a Production app wants it, and starts it. Up to 100 end
 * within the request and their outcome is said exactly (with Results, the job's rows); more
 * open the job's page, with its progress and Cancel.
 */
type Started = BulkCounts & { job: number; ended: boolean };
type StartInput = { job: number; confirm: string };

/** The start action and what follows it: the outcome told, or the job's page. */
export function useBulkStart(
  action: (input: StartInput & { app: number }) => Promise<ActionResult<Started>>,
  options: { invalidates: readonly QueryKey[]; outcome: (s: Started) => string; onDone: () => void },
) {
  const router = useRouter();
  return useAppAction(action, {
    invalidates: options.invalidates,
    onSuccess: (s) => {
      options.onDone();
      if (!s.ended) return router.push(jobHref(s.job));
      const message = options.outcome(s);
      const results = { label: 'Results', onClick: () => router.push(jobHref(s.job)) };
      if (s.ok === s.total) toast.success(message, { action: results });
      else toast.warning(message, { action: results });
    },
  });
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
