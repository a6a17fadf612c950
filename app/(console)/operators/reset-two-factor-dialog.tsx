'use client';

import { FormDialog } from '@/components/form-dialog';
import { useAction } from '@/lib/actions/use-action';
import type { OperatorRow } from '@/lib/dal/operators';
import { resetTwoFactorAction } from './actions';

/** Reset two-factor, opened from an operator's row: for a lost device; asks first, as it ends their sessions. */
export function ResetTwoFactorDialog({ operator, onClose }: { operator?: OperatorRow; onClose: () => void }) {
  const reset = useAction(resetTwoFactorAction, {
    success: () => `Two-factor sign-in of ${operator?.email} reset; their sessions have ended`,
  });
  return (
    <FormDialog
      open={operator !== undefined}
      onClose={onClose}
      title="Reset two-factor"
      description={`Turn off two-factor sign-in of ${operator?.email}? Their authenticator app and recovery codes stop working, and their sessions end now. They sign in with their password and set two-factor up again (at once, where it is required).`}
      action={reset}
      submitLabel="Reset two-factor"
      pendingLabel="Resetting…"
      danger
      toInput={() => ({ id: operator?.id ?? 0 })}
    />
  );
}
