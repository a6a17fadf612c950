'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { text } from '@/components/action-form';
import { CodeField } from '@/components/code-field';
import { FormDialog } from '@/components/form-dialog';
import { RecoveryCodes } from '@/components/recovery-codes';
import { Time } from '@/components/time';
import { Button } from '@/components/ui/button';
import { useAction } from '@/lib/actions/use-action';
import type { TwoFactorStatus } from '@/lib/console/two-factor';
import { renewRecoveryCodesAction, turnOffTwoFactorAction } from './actions';
import { SetUpTwoFactor } from './set-up-two-factor';

/** The Account page's Two-factor sign-in: turn it on (QR code, a code, recovery codes), renew the codes, turn it off. */
export function TwoFactorPanel({
  email,
  status,
  required,
}: {
  email: string;
  status: TwoFactorStatus;
  required: boolean;
}) {
  const router = useRouter();
  const [settingUp, setSettingUp] = useState(false);
  const off = useAction(turnOffTwoFactorAction, { success: () => 'Two-factor sign-in is off' });
  const renew = useAction(renewRecoveryCodesAction, { refresh: false });
  const code = (form: FormData) => ({ code: text(form, 'code') });
  if (settingUp)
    return (
      <div className="space-y-3">
        <SetUpTwoFactor
          email={email}
          onDone={() => {
            setSettingUp(false);
            toast.success('Two-factor sign-in is on');
            router.refresh();
          }}
        />
        <Button variant="secondary" onClick={() => setSettingUp(false)}>
          Cancel
        </Button>
      </div>
    );
  const requiredNote = required && (
    <p className="text-sm text-slate-600 dark:text-slate-400">
      Required for your role by an admin (Require two-factor).
    </p>
  );
  if (!status.on)
    return (
      <div className="space-y-3">
        <p className="text-sm">
          <strong>Off.</strong> Signing in asks for your password only. With two-factor on, it also asks for a code from
          an authenticator app on your phone.
        </p>
        {requiredNote}
        <Button onClick={() => setSettingUp(true)}>Turn on two-factor</Button>
      </div>
    );
  return (
    <div className="space-y-3">
      <p className="text-sm">
        <strong>On</strong> (turned on <Time ts={status.since} />
        ). Signing in asks for a code from your authenticator app. {status.recoveryCodesLeft} of 10 recovery codes left.
      </p>
      {status.recoveryCodesLeft <= 3 && (
        <p
          role="note"
          className="rounded-md bg-amber-50 p-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          Few recovery codes are left: make new ones.
        </p>
      )}
      {requiredNote}
      <div className="flex flex-wrap gap-2">
        <FormDialog
          trigger="New recovery codes"
          triggerVariant="secondary"
          title="New recovery codes"
          doneTitle="New recovery codes"
          description="Type a current code. Your old recovery codes stop working."
          action={renew}
          submitLabel="Make new codes"
          pendingLabel="Making…"
          toInput={code}
          done={(d, close) => (
            <RecoveryCodes
              codes={d.recoveryCodes}
              email={email}
              onDone={() => {
                close();
                router.refresh();
              }}
            />
          )}
        >
          <CodeField recovery autoFocus error={renew.fieldError('code')} />
        </FormDialog>
        {!required && (
          <FormDialog
            trigger="Turn off two-factor"
            triggerVariant="danger"
            title="Turn off two-factor"
            description="Type a current code, or a recovery code. Signing in will then ask for your password only, and your recovery codes stop working."
            action={off}
            submitLabel="Turn off two-factor"
            pendingLabel="Turning off…"
            danger
            toInput={code}
          >
            <CodeField recovery autoFocus error={off.fieldError('code')} />
          </FormDialog>
        )}
      </div>
    </div>
  );
}
