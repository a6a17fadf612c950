'use client';

import { useRouter } from 'next/navigation';
import { text } from '@/components/action-form';
import { FormDialog } from '@/components/form-dialog';
import { NewPasswordField, TextField } from '@/components/ui/field';
import { useAction } from '@/lib/actions/use-action';
import { changeOwnPasswordAction } from './actions';

/** The Account page's Change password: for every role, for the signed-in operator only. */
export function ChangePassword() {
  const router = useRouter();
  const change = useAction(changeOwnPasswordAction, {
    refresh: false,
    // The change ended every session, this one too: sign in again with the new password.
    onSuccess: () => router.replace('/login?changed=1'),
  });
  return (
    <FormDialog
      trigger="Change password"
      triggerVariant="secondary"
      title="Change your password"
      description="You will be signed out everywhere and sign in again with the new password."
      action={change}
      submitLabel="Change password"
      pendingLabel="Changing…"
      done={() => null}
      toInput={(form) => ({ current: text(form, 'current'), password: text(form, 'password') })}
    >
      <TextField
        label="Current password"
        name="current"
        type="password"
        required
        autoComplete="current-password"
        error={change.fieldError('current')}
      />
      <NewPasswordField label="New password" hint="At least 12 characters." error={change.fieldError('password')} />
    </FormDialog>
  );
}
