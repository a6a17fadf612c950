'use client';

import { useRef, useState } from 'react';
import { ActionForm } from '@/components/action-form';
import { Button } from '@/components/ui/button';
import { TextAreaField, Toggle } from '@/components/ui/field';
import { useAppAction } from '@/lib/actions/use-action';
import { splitAddresses } from '@/lib/domain/address-list';
import { MAX_BULK_MEMBERS } from '@/lib/domain/limits';
import { members } from '@/lib/queries/groups';
import { addMembersAction } from '../actions';

/**
 * Bulk Add members: up to 1,000 addresses at once; if any is unknown nothing is added and
 * each unknown address is named.
 */
export function AddMembers({ gid }: { gid: number }) {
  const [addresses, setAddresses] = useState('');
  // The permissions of the last try, for Add the known ones; and what stays in the box after
  // them (the unknown ones, to correct).
  const [perms, setPerms] = useState({ send: true, recv: true });
  const leftOver = useRef('');
  const add = useAppAction(addMembersAction, {
    invalidates: [members.all],
    // A refusal shows below the form, naming each unknown address.
    success: (r) => (r.ok ? `${r.added} member${r.added === 1 ? '' : 's'} added or updated` : undefined),
    onSuccess: (r) => {
      if (r.ok) setAddresses(leftOver.current);
      leftOver.current = '';
    },
  });
  const result = add.data;
  return (
    <div className="space-y-3 rounded-md bg-slate-50 p-3 dark:bg-slate-800/50">
      <ActionForm
        action={add}
        submitLabel="Add members"
        pendingLabel="Adding…"
        toInput={(form) => {
          const input = { gid, addresses, send: form.get('send') === 'on', recv: form.get('recv') === 'on' };
          setPerms({ send: input.send, recv: input.recv });
          return input;
        }}
      >
        <TextAreaField
          label="Member addresses"
          rows={3}
          value={addresses}
          onChange={(e) => setAddresses(e.target.value)}
          hint={`Up to ${MAX_BULK_MEMBERS} addresses, one per line or separated by commas (a space after a comma is ignored; any other space is part of the address). Existing members get the permissions below. More at once: Import members.`}
          error={add.fieldError('addresses')}
        />
        <div className="flex flex-wrap items-center gap-4">
          <Toggle label="Can send" name="send" defaultChecked />
          <Toggle label="Can receive" name="recv" defaultChecked />
        </div>
      </ActionForm>
      {result && !result.ok && (
        <div
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950"
        >
          <p className="font-medium">
            {result.keptHere
              ? `Nothing was added: the backend refused an address that is not a user. ${result.unknown.length} of ${result.checked} are not known to this console (this app's backend cannot look users up):`
              : `Nothing was added: ${result.unknown.length} of ${result.checked} addresses are not users of this app.`}
          </p>
          <ul className="mt-2 max-h-40 list-inside list-disc overflow-y-auto" aria-label="Unknown addresses">
            {result.unknown.map((a) => (
              <li key={a}>
                {a}: {result.keptHere ? 'not known to this console' : 'no such user'}
                {result.didYouMean[a] && <> — did you mean {result.didYouMean[a]}? (the case differs)</>}
              </li>
            ))}
          </ul>
          <p className="mt-2">Create these users first, or correct them and add again, or add only the others.</p>
          {result.unknown.length < result.checked && (
            <Button
              variant="secondary"
              className="mt-2"
              disabled={add.pending}
              onClick={() => {
                leftOver.current = result.unknown.join('\n');
                add.run({ gid, addresses: known(addresses, result.unknown), send: perms.send, recv: perms.recv });
              }}
            >
              Add the known ones ({result.checked - result.unknown.length})
            </Button>
          )}
        </div>
      )}
    </div>
  );
}

/** The addresses as typed, without the unknown ones (split as the server splits them). */
function known(typed: string, unknown: readonly string[]) {
  const skip = new Set(unknown);
  return splitAddresses(typed)
    .filter((a) => !skip.has(a))
    .join('\n');
}
