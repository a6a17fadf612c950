'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { DialogFormFooter } from '@/components/ui/dialog-form-footer';
import { TextField } from '@/components/ui/field';
import { submitWith } from '@/components/ui/submit';
import { ActionFailure, unwrap } from '@/lib/actions/result';
import { changeOwnPasswordAction } from './actions';

/** The header's Change password: for every role, for the signed-in operator only. */
export function ChangePassword() {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const change = useMutation({
    mutationFn: async (form: FormData) =>
      unwrap(await changeOwnPasswordAction({ current: form.get('current'), password: form.get('password') })),
    // The change ended every session, this one too: sign in again with the new password.
    onSuccess: () => router.replace('/login?changed=1'),
  });
  const error = change.error instanceof ActionFailure ? change.error.error : undefined;
  const field = (name: string) => error?.fieldErrors?.[name]?.[0];
  return (
    <>
      <Button variant="ghost" onClick={() => setOpen(true)}>
        Change password
      </Button>
      <Dialog
        open={open}
        onOpenChange={(o) => {
          setOpen(o);
          if (!o) change.reset();
        }}
        title="Change your password"
        description="You will be signed out everywhere and sign in again with the new password."
      >
        <form onSubmit={submitWith(change.mutate)} className="space-y-3">
          <TextField
            label="Current password"
            name="current"
            type="password"
            required
            autoComplete="current-password"
            error={field('current')}
          />
          <TextField
            label="New password"
            name="password"
            type="password"
            required
            minLength={12}
            autoComplete="new-password"
            hint="At least 12 characters."
            error={field('password')}
          />
          <DialogFormFooter
            error={error}
            submitLabel="Change password"
            pendingLabel="Changing…"
            pending={change.isPending}
            onCancel={() => setOpen(false)}
          />
        </form>
      </Dialog>
    </>
  );
}
