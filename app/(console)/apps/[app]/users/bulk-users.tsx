'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { ActionForm, text } from '@/components/action-form';
import { useTypedConfirmation } from '@/components/typed-confirmation';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { ErrorNotice, Spinner } from '@/components/ui/states';
import { useAppAction } from '@/lib/actions/use-action';
import { useScopeApp } from '@/lib/app-context';
import { jobHref } from '@/lib/domain/app-paths';
import {
  bulkConsequence,
  bulkOutcomeText,
  bulkSubmitLabel,
  USERS_BULK_ACTIONS,
  type UsersBulkKind,
} from '@/lib/domain/bulk-actions';
import { users } from '@/lib/queries/users';
import { prepareUsersBulkAction, startUsersBulkAction } from './bulk-actions';
import { BulkAskFields } from './bulk-ask-fields';
import type { UsersFilter } from './user-filters';

/** What a bulk action acts on: the ticked addresses, or everything the list's search matches. */
export type BulkTarget = { addresses: string[] } | { search: UsersFilter };

const KINDS = Object.keys(USERS_BULK_ACTIONS) as UsersBulkKind[];
/** Actions that ask for something before they count the users. */
const ASKS: Partial<Record<UsersBulkKind, true>> = { removeToken: true, addToGroup: true };

/**
 * The actions a role may take on the chosen users, each asking first: what it needs (the App ID,
 * the group), then the exact count and what will happen, typed for Delete and in a Production
 * app. Up to 100 users end at once (the outcome said, exactly); more open the job's page.
 */
export function BulkUsers(props: {
  target: BulkTarget;
  allowed: Readonly<Record<UsersBulkKind, boolean>>;
  onDone: () => void;
}) {
  const router = useRouter();
  const app = useScopeApp();
  const [kind, setKind] = useState<UsersBulkKind>();
  const prepare = useAppAction(prepareUsersBulkAction, { refresh: false });
  const start = useAppAction(startUsersBulkAction, {
    invalidates: [users.all],
    onSuccess: (s) => {
      close();
      props.onDone();
      if (!s.ended) return router.push(jobHref(s.job));
      const message = bulkOutcomeText(kind ?? 'deactivate', s);
      const results = { label: 'Results', onClick: () => router.push(jobHref(s.job)) };
      if (s.ok === s.total) toast.success(message, { action: results });
      else toast.warning(message, { action: results });
    },
  });
  const prepared = prepare.data;
  const typed = useTypedConfirmation(
    prepared && kind && (kind === 'delete' || app.environment === 'production') ? String(prepared.count) : undefined,
    'Type the number of users to confirm',
    start.fieldError('confirm'),
  );
  const close = () => {
    setKind(undefined);
    prepare.reset();
    start.reset();
    typed.reset();
  };
  const base = 'addresses' in props.target ? { addresses: props.target.addresses } : { search: props.target.search };
  const open = (k: UsersBulkKind) => {
    setKind(k);
    if (!ASKS[k]) prepare.run({ ...base, kind: k });
  };
  return (
    <>
      {KINDS.filter((k) => props.allowed[k]).map((k) => (
        <Button key={k} variant={USERS_BULK_ACTIONS[k].danger ? 'danger' : 'secondary'} onClick={() => open(k)}>
          {USERS_BULK_ACTIONS[k].label}
          {ASKS[k] ? '…' : ''}
        </Button>
      ))}
      <Dialog
        open={kind !== undefined}
        onOpenChange={(o) => !o && close()}
        title={kind ? USERS_BULK_ACTIONS[kind].title : ''}
      >
        {kind && !prepared && ASKS[kind] && (
          <ActionForm
            action={prepare}
            submitLabel="Continue"
            pendingLabel="Counting the users…"
            toInput={(f) => ({
              ...base,
              kind,
              ...(kind === 'removeToken'
                ? { appid: text(f, 'appid') }
                : { gid: text(f, 'gid'), send: f.get('send') === 'on', recv: f.get('recv') === 'on' }),
            })}
            secondary={
              <Button variant="secondary" onClick={close}>
                Cancel
              </Button>
            }
          >
            <BulkAskFields kind={kind} error={prepare.fieldError} />
          </ActionForm>
        )}
        {kind && !prepared && !ASKS[kind] && (
          <div className="space-y-3">
            {prepare.pending && <Spinner label="Counting the users…" />}
            {prepare.error && <ErrorNotice error={prepare.error} />}
            <div className="flex justify-end">
              <Button variant="secondary" onClick={close}>
                Cancel
              </Button>
            </div>
          </div>
        )}
        {kind && prepared && (
          <ActionForm
            action={start}
            submitLabel={bulkSubmitLabel(kind, prepared.count)}
            pendingLabel="Working…"
            danger={USERS_BULK_ACTIONS[kind].danger}
            disabled={!typed.confirmed}
            toInput={() => ({ job: prepared.job, confirm: typed.typed })}
            secondary={
              <Button variant="secondary" onClick={close}>
                Cancel
              </Button>
            }
          >
            <p className="text-sm">{bulkConsequence(prepared.action, prepared.count)}</p>
            <p className="text-xs text-slate-600 dark:text-slate-400">
              Users: {prepared.described} (taken now: users who match later are not included).
              {prepared.count > 100 ? ' It runs as a job: its page shows the progress, and Cancel.' : ''}
            </p>
            {typed.field}
          </ActionForm>
        )}
      </Dialog>
    </>
  );
}
