'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { DangerZone } from '@/components/danger-zone';
import { FormDialog } from '@/components/form-dialog';
import { TextField } from '@/components/ui/field';
import { useAction } from '@/lib/actions/use-action';
import { users } from '@/lib/queries/users';
import { deleteUserAction } from '../actions';

/** Delete user, confirmed by typing the address exactly. */
export function DeleteUser({ address }: { address: string }) {
  const router = useRouter();
  const [typed, setTyped] = useState('');
  const del = useAction(deleteUserAction, {
    invalidates: [users.all],
    refresh: false,
    success: () => `User ${address} deleted`,
    onSuccess: () => router.push('/users'),
  });
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
        disabled={typed !== address && typed.trim() !== address}
        onClose={() => setTyped('')}
        toInput={() => ({ address, confirm: typed })}
      >
        <TextField
          label="Type the address to confirm"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoComplete="off"
          error={del.fieldError('confirm')}
        />
      </FormDialog>
    </DangerZone>
  );
}
