'use client';

import { useRouter } from 'next/navigation';
import { DangerZone } from '@/components/danger-zone';
import { FormDialog } from '@/components/form-dialog';
import { useTypedConfirmation } from '@/components/typed-confirmation';
import { useAppAction } from '@/lib/actions/use-action';
import { useScopeApp } from '@/lib/app-context';
import { appHref } from '@/lib/domain/app-paths';
import { users } from '@/lib/queries/users';
import { deleteUserAction } from '../actions';

/** Delete user, confirmed by typing the address exactly. */
export function DeleteUser({ address }: { address: string }) {
  const router = useRouter();
  const app = useScopeApp();
  const del = useAppAction(deleteUserAction, {
    invalidates: [users.all],
    refresh: false,
    success: () => `User ${address} deleted`,
    onSuccess: () => router.push(appHref(app.id, '/users')),
  });
  const confirm = useTypedConfirmation(address, 'Type the address to confirm', del.fieldError('confirm'));
  return (
    <DangerZone
      id="danger"
      title="Delete this user"
      text="Removes the user, its tokens and its group memberships. Messages it sent stay in the log."
    >
      <FormDialog
        trigger="Delete user"
        triggerVariant="danger"
        title="Delete user"
        description={`This cannot be undone. Type ${address} to confirm.`}
        action={del}
        submitLabel="Delete user"
        danger
        disabled={!confirm.confirmed}
        onClose={confirm.reset}
        toInput={() => ({ address, confirm: confirm.typed })}
      >
        {confirm.field}
      </FormDialog>
    </DangerZone>
  );
}
