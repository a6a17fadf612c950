'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { toast } from 'sonner';
import { TokenReveal } from '@/components/token-reveal';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { DialogFormFooter } from '@/components/ui/dialog-form-footer';
import { TextField } from '@/components/ui/field';
import { submitWith } from '@/components/ui/submit';
import { type ActionError, ActionFailure, unwrap } from '@/lib/actions/result';
import { userKeys } from '@/lib/queries/users';
import { createUserAction } from './actions';

type Created = Extract<Awaited<ReturnType<typeof createUserAction>>, { ok: true }>['data'];

export function NewUserDialog({ canIssueTokens }: { canIssueTokens: boolean }) {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<Created>();
  const qc = useQueryClient();
  const create = useMutation({
    mutationFn: async (form: FormData) =>
      unwrap(
        await createUserAction({
          address: form.get('address'),
          name: form.get('name') ?? '',
          appid: form.get('appid') ?? '',
          expiryMinutes: form.get('expiry') || 525_600,
        }),
      ),
    onSuccess: (data) => {
      setCreated(data);
      toast.success(`User ${data.user.address} created`);
      void qc.invalidateQueries({ queryKey: userKeys.all });
    },
  });
  const error: ActionError | undefined = create.error instanceof ActionFailure ? create.error.error : undefined;
  const field = (name: string) => error?.fieldErrors?.[name]?.[0];

  const close = (next: boolean) => {
    setOpen(next);
    if (!next) {
      setCreated(undefined);
      create.reset();
    }
  };

  return (
    <>
      <Button onClick={() => setOpen(true)}>New user</Button>
      <Dialog open={open} onOpenChange={close} title={created ? 'User created' : 'New user'}>
        {created ? (
          <div className="space-y-4">
            <p className="text-sm">
              <Link
                className="font-medium text-indigo-700 underline dark:text-indigo-300"
                href={`/users/${encodeURIComponent(created.user.address)}`}
              >
                Open {created.user.address}
              </Link>
            </p>
            {created.token ? (
              <TokenReveal
                token={created.token.token}
                appid={created.token.appid}
                expires={created.token.expires}
                onDone={() => close(false)}
              />
            ) : (
              <div className="flex justify-end">
                <Button onClick={() => close(false)}>Done</Button>
              </div>
            )}
          </div>
        ) : (
          <form onSubmit={submitWith(create.mutate)} className="space-y-3">
            <TextField
              label="Address"
              name="address"
              required
              maxLength={63}
              autoComplete="off"
              error={field('address')}
              hint="Phone number, e-mail or any unique id; case-sensitive."
            />
            <TextField label="Name" name="name" maxLength={128} autoComplete="off" error={field('name')} />
            {canIssueTokens && (
              <>
                <TextField
                  label="App ID"
                  name="appid"
                  autoComplete="off"
                  maxLength={128}
                  error={field('appid')}
                  hint="Optional. With an App ID (e.g. com.example.app, web) an access token is issued."
                />
                <TextField
                  label="Token expiry (minutes)"
                  name="expiry"
                  type="number"
                  min={0}
                  defaultValue={525600}
                  error={field('expiryMinutes')}
                  hint="525600 = one year; 0 = never expires."
                />
              </>
            )}
            <DialogFormFooter
              error={error}
              submitLabel="Create user"
              pendingLabel="Creating…"
              pending={create.isPending}
              onCancel={() => close(false)}
            />
          </form>
        )}
      </Dialog>
    </>
  );
}
