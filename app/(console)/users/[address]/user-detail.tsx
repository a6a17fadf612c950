'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { AddressText } from '@/components/address-text';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { TokenReveal } from '@/components/token-reveal';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { DialogFormFooter } from '@/components/ui/dialog-form-footer';
import { TextField, Toggle } from '@/components/ui/field';
import { ErrorNotice, PageHeader } from '@/components/ui/states';
import { submitWith } from '@/components/ui/submit';
import { type ActionError, ActionFailure, unwrap } from '@/lib/actions/result';
import type { IssuedToken, UserRow } from '@/lib/dal/users';
import { userKeys } from '@/lib/queries/users';
import { deleteUserAction, generateTokenAction, removeTokenAction, saveUserAction } from '../actions';

const errorOf = (e: unknown): ActionError | undefined => (e instanceof ActionFailure ? e.error : undefined);

export function UserDetail({
  user,
  can,
}: {
  user: UserRow;
  can: { edit: boolean; activate: boolean; tokens: boolean };
}) {
  const router = useRouter();
  const qc = useQueryClient();
  const refresh = () => {
    router.refresh();
    void qc.invalidateQueries({ queryKey: userKeys.all });
  };
  const [name, setName] = useState(user.name);
  const [active, setActive] = useState(user.active);

  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await saveUserAction({
          address: user.address,
          ...(can.edit && name !== user.name ? { name } : {}),
          ...(can.activate && active !== user.active ? { active } : {}),
        }),
      ),
    onSuccess: () => {
      toast.success('Saved');
      refresh();
    },
  });
  const dirty = name !== user.name || active !== user.active;

  return (
    <>
      <PageHeader title={<AddressText address={user.address} />} />
      <div className="grid gap-6 lg:grid-cols-2">
        <section
          aria-labelledby="profile"
          className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
        >
          <h2 id="profile" className="mb-3 font-medium">
            Profile
          </h2>
          <form
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate();
            }}
          >
            <TextField
              label="Name"
              value={name}
              maxLength={128}
              onChange={(e) => setName(e.target.value)}
              disabled={!can.edit}
              error={errorOf(save.error)?.fieldErrors?.name?.[0]}
            />
            <Toggle
              label="Active"
              asSwitch
              checked={active}
              onChange={(e) => setActive(e.target.checked)}
              disabled={!can.activate}
            />
            <p className="text-xs text-slate-500 dark:text-slate-400">
              uid {user.uid}
              {user.created ? ` · created ${new Date(user.created * 1000).toLocaleString()}` : ''}
            </p>
            {save.error && (
              <ErrorNotice
                message={errorOf(save.error)?.message ?? 'Could not save.'}
                action={errorOf(save.error)?.action}
                requestId={errorOf(save.error)?.requestId}
              />
            )}
            {(can.edit || can.activate) && (
              <Button type="submit" disabled={!dirty || save.isPending}>
                {save.isPending ? 'Saving…' : 'Save'}
              </Button>
            )}
          </form>
        </section>
        <Tokens user={user} canManage={can.tokens} onChange={refresh} />
      </div>
      {can.edit && <DeleteUser address={user.address} />}
    </>
  );
}

function Tokens({ user, canManage, onChange }: { user: UserRow; canManage: boolean; onChange: () => void }) {
  const [open, setOpen] = useState(false);
  const [issued, setIssued] = useState<IssuedToken>();
  const [removing, setRemoving] = useState<string>();
  const generate = useMutation({
    mutationFn: async (form: FormData) =>
      unwrap(
        await generateTokenAction({
          address: user.address,
          appid: form.get('appid'),
          expiryMinutes: form.get('expiry') || 525_600,
        }),
      ),
    onSuccess: (token) => {
      setIssued(token);
      onChange();
    },
  });
  const remove = useMutation({
    mutationFn: async (appid: string) => unwrap(await removeTokenAction({ address: user.address, appid })),
    onSuccess: ({ appid }) => {
      toast.success(`Token for ${appid} removed`);
      setRemoving(undefined);
      onChange();
    },
  });
  const close = (next: boolean) => {
    setOpen(next);
    if (!next) {
      setIssued(undefined);
      generate.reset();
    }
  };
  const genError = errorOf(generate.error);
  return (
    <section
      aria-labelledby="tokens"
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 id="tokens" className="font-medium">
          Tokens
        </h2>
        {canManage && <Button onClick={() => setOpen(true)}>Generate token</Button>}
      </div>
      {user.tokens.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          No access tokens. The user cannot sign in to the real-time API until one is issued.
        </p>
      ) : (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Access tokens by App ID</caption>
          <thead className="text-xs text-slate-500 dark:text-slate-400 uppercase">
            <tr>
              <th scope="col" className="py-1">
                App ID
              </th>
              <th scope="col" className="py-1">
                Expires
              </th>
              {canManage && (
                <th scope="col" className="py-1">
                  <span className="sr-only">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {user.tokens.map((t) => (
              <tr key={t.appid} className="border-t border-slate-100 dark:border-slate-800">
                <td className="py-2 break-all">{t.appid}</td>
                <td className="py-2">{t.expires === 0 ? 'Never' : new Date(t.expires * 1000).toLocaleString()}</td>
                {canManage && (
                  <td className="py-2 text-right">
                    <Button variant="ghost" aria-label={`Remove token ${t.appid}`} onClick={() => setRemoving(t.appid)}>
                      Remove token
                    </Button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Dialog open={open} onOpenChange={close} title={issued ? 'Token generated' : 'Generate token'}>
        {issued ? (
          <TokenReveal token={issued.token} appid={issued.appid} expires={issued.expires} onDone={() => close(false)} />
        ) : (
          <form onSubmit={submitWith(generate.mutate)} className="space-y-3">
            <TextField
              label="App ID"
              name="appid"
              required
              maxLength={128}
              autoComplete="off"
              error={genError?.fieldErrors?.appid?.[0]}
              hint="A new token replaces this App ID's current one."
            />
            <TextField
              label="Token expiry (minutes)"
              name="expiry"
              type="number"
              min={0}
              defaultValue={525600}
              error={genError?.fieldErrors?.expiryMinutes?.[0]}
              hint="525600 = one year; 0 = never expires."
            />
            <DialogFormFooter
              error={genError}
              submitLabel="Generate token"
              pending={generate.isPending}
              onCancel={() => close(false)}
            />
          </form>
        )}
      </Dialog>
      <ConfirmDialog
        open={removing !== undefined}
        title="Remove token"
        description={`The token for App ID ${removing} stops working at once; apps using it are signed out.`}
        confirmLabel="Remove token"
        pending={remove.isPending}
        error={errorOf(remove.error)}
        onConfirm={() => removing && remove.mutate(removing)}
        onCancel={() => {
          setRemoving(undefined);
          remove.reset();
        }}
      />
    </section>
  );
}

function DeleteUser({ address }: { address: string }) {
  const router = useRouter();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const del = useMutation({
    mutationFn: async () => unwrap(await deleteUserAction({ address, confirm: typed })),
    onSuccess: () => {
      toast.success(`User ${address} deleted`);
      void qc.invalidateQueries({ queryKey: userKeys.all });
      router.push('/users');
    },
  });
  return (
    <section
      aria-labelledby="danger"
      className="mt-6 rounded-lg border border-red-200 bg-white p-4 dark:border-red-900 dark:bg-slate-900"
    >
      <h2 id="danger" className="font-medium">
        Delete this user
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Removes the user, its tokens and its group memberships. Messages it sent stay in the log.
      </p>
      <Button variant="danger" className="mt-3" onClick={() => setOpen(true)}>
        Delete user
      </Button>
      <Dialog
        open={open}
        onOpenChange={(o) => {
          setOpen(o);
          if (!o) {
            setTyped('');
            del.reset();
          }
        }}
        title="Delete user"
        description={`This cannot be undone. Type ${address} to confirm.`}
      >
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            del.mutate();
          }}
        >
          <TextField
            label="Type the address to confirm"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            error={errorOf(del.error)?.fieldErrors?.confirm?.[0]}
          />
          {del.error && !errorOf(del.error)?.fieldErrors && (
            <ErrorNotice
              message={errorOf(del.error)?.message ?? 'Could not delete.'}
              requestId={errorOf(del.error)?.requestId}
            />
          )}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              type="submit"
              variant="danger"
              disabled={(typed !== address && typed.trim() !== address) || del.isPending}
            >
              Delete user
            </Button>
          </div>
        </form>
      </Dialog>
    </section>
  );
}
