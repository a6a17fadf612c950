'use client';

import { useEffect, useState } from 'react';
import { FormDialog } from '@/components/form-dialog';
import { Toggle } from '@/components/ui/field';
import { useAppAction } from '@/lib/actions/use-action';
import type { UserRow } from '@/lib/dal/users';
import { users } from '@/lib/queries/users';
import { saveUserAction } from '../actions';

/**
 * Active, saved by itself like the member switches: turning it on saves at once; turning
 * it off first says what deactivation does and asks ("Deactivate user").
 */
export function ActiveSwitch({ user, canActivate }: { user: UserRow; canActivate: boolean }) {
  const [active, setActive] = useState(user.active);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => setActive(user.active), [user.active]);
  const save = useAppAction(saveUserAction, {
    invalidates: [users.all],
    toastErrors: true,
    success: (u) => (u.active ? `${u.address} is active again` : `${u.address} deactivated`),
  });
  useEffect(() => {
    if (save.error) setActive(user.active);
  }, [save.error, user.active]);
  return (
    <div>
      <Toggle
        label="Active"
        asSwitch
        checked={active}
        disabled={!canActivate || save.pending}
        onChange={(e) => {
          if (e.target.checked) {
            setActive(true);
            save.run({ address: user.address, active: true });
          } else setConfirming(true);
        }}
      />
      {!canActivate && (
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          Only support, operators and admins can activate or deactivate users.
        </p>
      )}
      <FormDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Deactivate user"
        description={`${user.address} can no longer send messages: the Backend API refuses them (NOTALLOWED), and mesibo refuses the user's sign-in to real-time messaging. Tokens, groups and the message log stay, and turning Active on again restores everything.`}
        action={save}
        danger
        submitLabel="Deactivate user"
        toInput={() => {
          setActive(false);
          return { address: user.address, active: false };
        }}
      />
    </div>
  );
}
