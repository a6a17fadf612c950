'use client';

import { useRouter } from 'next/navigation';
import { DangerZone } from '@/components/danger-zone';
import { FormDialog } from '@/components/form-dialog';
import { useProductionConfirmation } from '@/components/typed-confirmation';
import { useAppAction } from '@/lib/actions/use-action';
import { useScopeApp } from '@/lib/app-context';
import { appHref } from '@/lib/domain/app-paths';
import { groupConfirmation } from '@/lib/domain/confirmation';
import { groups } from '@/lib/queries/groups';
import { deleteGroupAction } from '../actions';

export function DeleteGroup({ gid, name }: { gid: number; name: string }) {
  const router = useRouter();
  const app = useScopeApp();
  const del = useAppAction(deleteGroupAction, {
    invalidates: [groups.all],
    refresh: false,
    success: () => `Group ${gid} deleted`,
    onSuccess: () => router.push(appHref(app.id, '/groups')),
  });
  const expected = groupConfirmation({ gid, name });
  const confirm = useProductionConfirmation(
    expected,
    name ? "Type the group's name to confirm" : 'Type the gid to confirm',
    del.fieldError('confirm'),
  );
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
        disabled={!confirm.confirmed}
        onClose={confirm.reset}
        toInput={() => ({ gid, name, confirm: confirm.typed })}
      >
        {confirm.field}
      </FormDialog>
    </DangerZone>
  );
}
