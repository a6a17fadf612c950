'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { ActionForm, text } from '@/components/action-form';
import { CodeField } from '@/components/code-field';
import { Button } from '@/components/ui/button';
import { useAction } from '@/lib/actions/use-action';
import { secondFactorAction } from './actions';

/** The sign-in's second step: an Authentication code, or (Use a recovery code) one of the recovery codes. */
export function SecondFactorForm({ next }: { next: string }) {
  const router = useRouter();
  const [kind, setKind] = useState<'code' | 'recovery'>('code');
  const verify = useAction(secondFactorAction, {
    refresh: false,
    onSuccess: ({ recoveryCodesLeft: left }) => {
      if (left !== undefined)
        toast.warning(
          `${left} recovery code${left === 1 ? '' : 's'} left. Make new ones on your Account page, or set up two-factor on your new device.`,
        );
      router.replace(next);
    },
  });
  const other = kind === 'code' ? 'recovery' : 'code';
  return (
    <div className="mt-4 space-y-4">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {kind === 'code'
          ? 'Type the 6-digit code your authenticator app shows for mesibo-admin.'
          : 'Type one of the recovery codes you saved when you turned on two-factor. Each works once.'}
      </p>
      <ActionForm
        key={kind}
        action={verify}
        toInput={(form) => ({ kind, code: text(form, 'code') })}
        submitLabel="Verify"
        pendingLabel="Verifying…"
        className="space-y-4 [&_button[type=submit]]:w-full"
      >
        <CodeField
          autoFocus
          recovery={kind === 'recovery'}
          label={kind === 'code' ? 'Authentication code' : 'Recovery code'}
          error={verify.fieldError('code')}
        />
      </ActionForm>
      <Button
        variant="ghost"
        className="w-full"
        onClick={() => {
          verify.reset();
          setKind(other);
        }}
      >
        {other === 'recovery' ? 'Use a recovery code' : 'Use an authentication code'}
      </Button>
    </div>
  );
}
