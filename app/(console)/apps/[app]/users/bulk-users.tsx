'use client';

import { ActionForm, text } from '@/components/action-form';
import { BulkConfirm, BulkCounting, useBulkFlow } from '@/components/bulk-confirm';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
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
  const { kind, choose, prepare, prepared, start, close } = useBulkFlow(
    { prepare: prepareUsersBulkAction, start: startUsersBulkAction },
    { invalidates: [users.all], outcome: bulkOutcomeText, onDone: props.onDone },
  );
  const base = 'addresses' in props.target ? { addresses: props.target.addresses } : { search: props.target.search };
  const open = (k: UsersBulkKind) => {
    choose(k);
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
        {kind && !prepared && !ASKS[kind] && <BulkCounting prepare={prepare} noun="user" onCancel={close} />}
        {kind && prepared && (
          <BulkConfirm
            start={start}
            prepared={prepared}
            spec={USERS_BULK_ACTIONS[kind]}
            noun="user"
            submitLabel={bulkSubmitLabel(kind, prepared.count)}
            consequence={bulkConsequence(prepared.action, prepared.count)}
            onCancel={close}
          />
        )}
      </Dialog>
    </>
  );
}
