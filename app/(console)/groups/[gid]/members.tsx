'use client';

import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { AddressText } from '@/components/address-text';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { Button } from '@/components/ui/button';
import { TextAreaField, Toggle } from '@/components/ui/field';
import { EmptyState, ErrorNotice, Spinner } from '@/components/ui/states';
import { submitWith } from '@/components/ui/submit';
import { TableScroll } from '@/components/ui/table-scroll';
import { type ActionError, ActionFailure, unwrap } from '@/lib/actions/result';
import { fetchMembers, groupKeys, type MembersPageData } from '@/lib/queries/groups';
import { MAX_BULK_MEMBERS } from '@/lib/validations/groups';
import { addMembersAction, removeMemberAction, setMemberPermissionsAction } from '../actions';

const errorOf = (e: unknown): ActionError | undefined => (e instanceof ActionFailure ? e.error : undefined);

export function Members({ gid, initial, canEdit }: { gid: number; initial: MembersPageData; canEdit: boolean }) {
  const qc = useQueryClient();
  const router = useRouter();
  const key = groupKeys.members(gid);
  const members = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchMembers(gid, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next,
    initialData: { pages: [initial], pageParams: [undefined] },
  });
  const rows = members.data?.pages.flatMap((p) => p.rows) ?? [];
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: key });
    router.refresh();
  };

  const [removing, setRemoving] = useState<string>();
  const remove = useMutation({
    mutationFn: async (address: string) => unwrap(await removeMemberAction({ gid, address })),
    onSuccess: ({ address }) => {
      toast.success(`${address} removed from the group`);
      setRemoving(undefined);
      refresh();
    },
  });

  return (
    <section
      aria-labelledby="members"
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="members" className="font-medium">
        Members
      </h2>
      {canEdit && <AddMembers gid={gid} onAdded={refresh} />}
      {rows.length === 0 ? (
        <EmptyState title="No members yet">{canEdit ? 'Add members by address above.' : undefined}</EmptyState>
      ) : (
        <TableScroll label="Members">
          <table className="w-full min-w-[30rem] text-left text-sm">
            <caption className="sr-only">Members of group {gid}</caption>
            <thead className="text-xs text-slate-500 dark:text-slate-400 uppercase">
              <tr>
                <th scope="col" className="py-1">
                  Address
                </th>
                <th scope="col" className="py-1">
                  Name
                </th>
                <th scope="col" className="py-1">
                  Send
                </th>
                <th scope="col" className="py-1">
                  Receive
                </th>
                {canEdit && (
                  <th scope="col" className="py-1">
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.uid} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="py-2 pr-2 break-all">
                    <AddressText address={m.address} />
                    {m.admin && <span className="ml-1 text-xs text-slate-500 dark:text-slate-400">(admin)</span>}
                  </td>
                  <td className="py-2 pr-2">{m.name || '—'}</td>
                  <td className="py-2 pr-2">
                    <PermissionSwitch
                      gid={gid}
                      address={m.address}
                      which="send"
                      value={m.permissions.send}
                      disabled={!canEdit}
                      onSaved={() => qc.invalidateQueries({ queryKey: key })}
                    />
                  </td>
                  <td className="py-2 pr-2">
                    <PermissionSwitch
                      gid={gid}
                      address={m.address}
                      which="recv"
                      value={m.permissions.recv}
                      disabled={!canEdit}
                      onSaved={() => qc.invalidateQueries({ queryKey: key })}
                    />
                  </td>
                  {canEdit && (
                    <td className="py-2 text-right">
                      <Button variant="ghost" onClick={() => setRemoving(m.address)}>
                        Remove
                      </Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {members.isFetching && <Spinner label="Loading members" />}
      {members.hasNextPage && (
        <Button variant="secondary" onClick={() => members.fetchNextPage()} disabled={members.isFetchingNextPage}>
          Load more members
        </Button>
      )}
      <ConfirmDialog
        open={removing !== undefined}
        title="Remove member"
        description={`Remove ${removing} from group ${gid}? They stop receiving its messages.`}
        confirmLabel="Remove"
        pending={remove.isPending}
        error={errorOf(remove.error)}
        onConfirm={() => removing && remove.mutate(removing)}
        onCancel={() => {
          setRemoving(undefined);
          remove.reset();
        }}
      />
    </section>
  );
}

function AddMembers({ gid, onAdded }: { gid: number; onAdded: () => void }) {
  const [text, setText] = useState('');
  const add = useMutation({
    mutationFn: async (form: FormData) =>
      unwrap(
        await addMembersAction({
          gid,
          addresses: text,
          send: form.get('send') === 'on',
          recv: form.get('recv') === 'on',
        }),
      ),
    onSuccess: (r) => {
      if (r.ok) {
        toast.success(`${r.added} member${r.added === 1 ? '' : 's'} added or updated`);
        setText('');
        onAdded();
      }
    },
  });
  const result = add.data;
  const error = errorOf(add.error);
  return (
    <form onSubmit={submitWith(add.mutate)} className="space-y-3 rounded-md bg-slate-50 p-3 dark:bg-slate-800/50">
      <TextAreaField
        label="Member addresses"
        rows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        hint={`Up to ${MAX_BULK_MEMBERS} addresses, separated by commas or new lines. Existing members get the permissions below.`}
        error={error?.fieldErrors?.addresses?.[0]}
      />
      <div className="flex flex-wrap items-center gap-4">
        <Toggle label="Can send" name="send" defaultChecked />
        <Toggle label="Can receive" name="recv" defaultChecked />
        <Button type="submit" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add members'}
        </Button>
      </div>
      {error && !error.fieldErrors && (
        <ErrorNotice message={error.message} action={error.action} requestId={error.requestId} />
      )}
      {result && !result.ok && (
        <div
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950"
        >
          <p className="font-medium">
            Nothing was added: {result.unknown.length} of {result.checked} addresses are not users of this app.
          </p>
          <ul className="mt-2 max-h-40 list-inside list-disc overflow-y-auto" aria-label="Unknown addresses">
            {result.unknown.map((a) => (
              <li key={a}>{a}: no such user</li>
            ))}
          </ul>
          <p className="mt-2">Create these users first, or remove them from the list and add again.</p>
        </div>
      )}
    </form>
  );
}

/**
 * A member's Can send / Can receive switch. Optimistic: it moves at once (local state, set
 * in the click itself) and moves back if the backend refuses.
 */
function PermissionSwitch(props: {
  gid: number;
  address: string;
  which: 'send' | 'recv';
  value: boolean;
  disabled: boolean;
  onSaved: () => void;
}) {
  const [checked, setChecked] = useState(props.value);
  useEffect(() => setChecked(props.value), [props.value]);
  const change = useMutation({
    mutationFn: async (next: boolean) =>
      unwrap(await setMemberPermissionsAction({ gid: props.gid, address: props.address, [props.which]: next })),
    onError: (e) => {
      setChecked(props.value);
      toast.error(errorOf(e)?.message ?? 'Could not change the permission.');
    },
    onSuccess: () => {
      toast.success(`Permissions of ${props.address} updated`);
      props.onSaved();
    },
  });
  return (
    <Toggle
      asSwitch
      label={props.which === 'send' ? 'Can send' : 'Can receive'}
      className="[&>span]:sr-only"
      checked={checked}
      disabled={props.disabled}
      onChange={(e) => {
        setChecked(e.target.checked);
        change.mutate(e.target.checked);
      }}
    />
  );
}
