'use client';

import { text } from '@/components/action-form';
import { FormDialog } from '@/components/form-dialog';
import { NewPasswordField } from '@/components/ui/field';
import { useAction } from '@/lib/actions/use-action';
import type { OperatorRow } from '@/lib/dal/operators';
import { resetPasswordAction } from './actions';

/** Reset password, opened from an operator's row; its sessions end and its sign-in locks clear. */
export function ResetPasswordDialog({ operator, onClose }: { operator?: OperatorRow; onClose: () => void }) {
  const reset = useAction(resetPasswordAction, {
    success: () => `Password of ${operator?.email} reset; their sessions have ended`,
  });
  return (
    <FormDialog
      open={operator !== undefined}
      onClose={onClose}
      title="Reset password"
      description={`A new password for ${operator?.email}. Their current sessions end.`}
      action={reset}
      submitLabel="Reset password"
      toInput={(form) => ({ id: operator?.id ?? 0, password: text(form, 'password') })}
    >
      <NewPasswordField label="New password" error={reset.fieldError('password')} />
    </FormDialog>
  );
}
