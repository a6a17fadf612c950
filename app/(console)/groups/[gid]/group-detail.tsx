'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { ErrorNotice, PageHeader } from '@/components/ui/states';
import { submitWith } from '@/components/ui/submit';
import { ActionFailure, unwrap } from '@/lib/actions/result';
import type { GroupRow } from '@/lib/dal/groups';
import { groupKeys, type MembersPageData } from '@/lib/queries/groups';
import { deleteGroupAction, saveGroupAction } from '../actions';
import { checkedFlags, FlagFields } from '../flag-fields';
import { Members } from './members';

export function GroupDetail({
  group,
  members,
  canEdit,
}: {
  group: GroupRow;
  members: MembersPageData;
  canEdit: boolean;
}) {
  const router = useRouter();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: async (form: FormData) =>
      unwrap(
        await saveGroupAction({ gid: group.gid, name: form.get('name'), flags: checkedFlags(form), keep: group.flags }),
      ),
    onSuccess: () => {
      toast.success('Group saved');
      void qc.invalidateQueries({ queryKey: groupKeys.all });
      router.refresh();
    },
  });
  const error = save.error instanceof ActionFailure ? save.error.error : undefined;
  return (
    <>
      <PageHeader title={`${group.name || '(no name)'} · group ${group.gid}`} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        <section
          aria-labelledby="settings"
          className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
        >
          <h2 id="settings" className="mb-3 font-medium">
            Settings
          </h2>
          <form onSubmit={submitWith(save.mutate)} className="space-y-4" key={`${group.name}-${group.flags}`}>
            <TextField
              label="Name"
              name="name"
              defaultValue={group.name}
              maxLength={128}
              disabled={!canEdit}
              error={error?.fieldErrors?.name?.[0]}
            />
            <FlagFields flags={group.flags} disabled={!canEdit} />
            {!group.active && <p className="text-sm text-amber-700">This group is inactive: nobody can send to it.</p>}
            {error && !error.fieldErrors && (
              <ErrorNotice message={error.message} action={error.action} requestId={error.requestId} />
            )}
            {canEdit && (
              <Button type="submit" disabled={save.isPending}>
                {save.isPending ? 'Saving…' : 'Save'}
              </Button>
            )}
          </form>
        </section>
        <Members gid={group.gid} initial={members} canEdit={canEdit} />
      </div>
      {canEdit && <DeleteGroup gid={group.gid} name={group.name} />}
    </>
  );
}

function DeleteGroup({ gid, name }: { gid: number; name: string }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const qc = useQueryClient();
  const del = useMutation({
    mutationFn: async () => unwrap(await deleteGroupAction({ gid, name })),
    onSuccess: () => {
      toast.success(`Group ${gid} deleted`);
      void qc.invalidateQueries({ queryKey: groupKeys.all });
      router.push('/groups');
    },
  });
  const error = del.error instanceof ActionFailure ? del.error.error : undefined;
  return (
    <section
      aria-labelledby="delete-group"
      className="mt-6 rounded-lg border border-red-200 bg-white p-4 dark:border-red-900 dark:bg-slate-900"
    >
      <h2 id="delete-group" className="font-medium">
        Delete this group
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Removes the group and its memberships. Its stored messages stay in the log.
      </p>
      <Button variant="danger" className="mt-3" onClick={() => setOpen(true)}>
        Delete group
      </Button>
      <ConfirmDialog
        open={open}
        title="Delete group"
        description={`Delete group ${gid}${name ? ` (${name})` : ''}? This cannot be undone.`}
        confirmLabel="Delete group"
        pending={del.isPending}
        error={error}
        onConfirm={() => del.mutate()}
        onCancel={() => {
          setOpen(false);
          del.reset();
        }}
      />
    </section>
  );
}
