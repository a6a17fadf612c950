'use client';

import { useRouter } from 'next/navigation';
import { DangerZone } from '@/components/danger-zone';
import { FormDialog } from '@/components/form-dialog';
import { useAction } from '@/lib/actions/use-action';
import { groups } from '@/lib/queries/groups';
import { deleteGroupAction } from '../actions';

export function DeleteGroup({ gid, name }: { gid: number; name: string }) {
  const router = useRouter();
  const del = useAction(deleteGroupAction, {
    invalidates: [groups.all],
    refresh: false,
    success: () => `Group ${gid} deleted`,
    onSuccess: () => router.push('/groups'),
  });
  return (
    <DangerZone
      id="delete-group"
      title="Delete this group"
      text="Removes the group and its memberships. Its stored messages stay in the log."
    >
      <FormDialog
        trigger="Delete group"
        triggerVariant="danger"
        title="Delete group"
        description={`Delete group ${gid}${name ? ` (${name})` : ''}? This cannot be undone.`}
        action={del}
        submitLabel="Delete group"
        danger
        toInput={() => ({ gid, name })}
      />
    </DangerZone>
  );
}
