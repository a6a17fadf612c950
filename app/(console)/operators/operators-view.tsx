'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { DialogFormFooter } from '@/components/ui/dialog-form-footer';
import { TextField } from '@/components/ui/field';
import { submitWith } from '@/components/ui/submit';
import { TableScroll } from '@/components/ui/table-scroll';
import { type ActionError, ActionFailure, unwrap } from '@/lib/actions/result';
import { ROLES, type Role } from '@/lib/auth/roles';
import type { OperatorRow } from '@/lib/dal/operators';
import { createOperatorAction, resetPasswordAction, unlockOperatorAction, updateOperatorAction } from './actions';

const errorOf = (e: unknown): ActionError | undefined => (e instanceof ActionFailure ? e.error : undefined);
const SELECT = 'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900';

export function OperatorsView({ operators, me }: { operators: OperatorRow[]; me: number }) {
  const router = useRouter();
  const update = useMutation({
    mutationFn: async (v: { id: number; role?: Role; disabled?: boolean }) => unwrap(await updateOperatorAction(v)),
    onSuccess: (o) => {
      toast.success(`${o.email} updated`);
      router.refresh();
    },
    onError: (e) => toast.error(errorOf(e)?.message ?? 'Could not update the operator.'),
  });
  const unlock = useMutation({
    mutationFn: async (id: number) => unwrap(await unlockOperatorAction({ id })),
    onSuccess: (_, id) => {
      toast.success(`Sign-in of ${operators.find((o) => o.id === id)?.email ?? 'the operator'} unlocked`);
      router.refresh();
    },
    onError: (e) => toast.error(errorOf(e)?.message ?? 'Could not unlock the operator.'),
  });
  const [resetting, setResetting] = useState<OperatorRow>();
  return (
    <div className="space-y-6">
      <NewOperator />
      <TableScroll
        label="Operators"
        className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
      >
        <table className="w-full min-w-[40rem] text-left text-sm">
          <caption className="sr-only">Operators</caption>
          <thead className="border-b border-slate-200 text-xs text-slate-500 dark:text-slate-400 uppercase dark:border-slate-800">
            <tr>
              <th scope="col" className="px-3 py-2">
                E-mail
              </th>
              <th scope="col" className="px-3 py-2">
                Name
              </th>
              <th scope="col" className="px-3 py-2">
                Role
              </th>
              <th scope="col" className="px-3 py-2">
                Status
              </th>
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {operators.map((o) => (
              <tr key={o.id} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                <td className="px-3 py-2 break-all">
                  {o.email}
                  {o.id === me && <span className="ml-1 text-xs text-slate-500 dark:text-slate-400">(you)</span>}
                </td>
                <td className="px-3 py-2">{o.name || '—'}</td>
                <td className="px-3 py-2">
                  <select
                    aria-label={`Role of ${o.email}`}
                    className={SELECT}
                    value={o.role}
                    disabled={update.isPending}
                    onChange={(e) => update.mutate({ id: o.id, role: e.target.value as Role })}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="px-3 py-2">
                  {o.disabled ? 'Disabled' : 'Active'}
                  {o.locks.length > 0 && <LockNote locks={o.locks} />}
                </td>
                <td className="px-3 py-2 text-right whitespace-nowrap">
                  {o.id !== me && (
                    <Button variant="ghost" onClick={() => update.mutate({ id: o.id, disabled: !o.disabled })}>
                      {o.disabled ? 'Enable' : 'Disable'}
                    </Button>
                  )}
                  {o.locks.length > 0 && (
                    <Button
                      variant="ghost"
                      aria-label={`Unlock sign-in of ${o.email}`}
                      disabled={unlock.isPending}
                      onClick={() => unlock.mutate(o.id)}
                    >
                      Unlock sign-in
                    </Button>
                  )}
                  <Button variant="ghost" onClick={() => setResetting(o)}>
                    Reset password
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <ResetPassword operator={resetting} onClose={() => setResetting(undefined)} />
    </div>
  );
}

function NewOperator() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const create = useMutation({
    mutationFn: async (f: FormData) =>
      unwrap(
        await createOperatorAction({
          email: f.get('email'),
          name: f.get('name') ?? '',
          role: f.get('role'),
          password: f.get('password'),
        }),
      ),
    onSuccess: (o) => {
      toast.success(`Operator ${o.email} created`);
      setOpen(false);
      router.refresh();
    },
  });
  const error = errorOf(create.error);
  const field = (n: string) => error?.fieldErrors?.[n]?.[0];
  return (
    <>
      <Button onClick={() => setOpen(true)}>New operator</Button>
      <Dialog
        open={open}
        onOpenChange={(o) => {
          setOpen(o);
          if (!o) create.reset();
        }}
        title="New operator"
      >
        <form onSubmit={submitWith(create.mutate)} className="space-y-3">
          <TextField label="Email" name="email" type="email" required autoComplete="off" error={field('email')} />
          <TextField label="Name" name="name" autoComplete="off" error={field('name')} />
          <div>
            <label htmlFor="new-operator-role" className="mb-1 block text-sm font-medium">
              Role
            </label>
            <select id="new-operator-role" name="role" defaultValue="support" className={SELECT}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </div>
          <TextField
            label="Password"
            name="password"
            type="password"
            required
            minLength={12}
            autoComplete="new-password"
            error={field('password')}
            hint="At least 12 characters. Share it with the operator safely."
          />
          <DialogFormFooter
            error={error}
            submitLabel="Create operator"
            pending={create.isPending}
            onCancel={() => setOpen(false)}
          />
        </form>
      </Dialog>
    </>
  );
}

function ResetPassword({ operator, onClose }: { operator?: OperatorRow; onClose: () => void }) {
  const reset = useMutation({
    mutationFn: async (f: FormData) =>
      unwrap(await resetPasswordAction({ id: operator?.id, password: f.get('password') })),
    onSuccess: () => {
      toast.success(`Password of ${operator?.email} reset; their sessions have ended`);
      onClose();
    },
  });
  const error = errorOf(reset.error);
  return (
    <Dialog
      open={operator !== undefined}
      onOpenChange={(o) => {
        if (!o) {
          reset.reset();
          onClose();
        }
      }}
      title="Reset password"
      description={`A new password for ${operator?.email}. Their current sessions end.`}
    >
      <form onSubmit={submitWith(reset.mutate)} className="space-y-3">
        <TextField
          label="New password"
          name="password"
          type="password"
          required
          minLength={12}
          autoComplete="new-password"
          error={error?.fieldErrors?.password?.[0]}
        />
        <DialogFormFooter error={error} submitLabel="Reset password" pending={reset.isPending} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

/**
 * "Sign-in locked from 203.0.113.9 for 12 more minutes": relative, so it reads the same in
 * the operator's time zone as in the server's; the exact end (UTC) is on hover.
 */
function LockNote({ locks }: { locks: OperatorRow['locks'] }) {
  const until = Math.max(...locks.map((l) => l.until));
  const minutes = Math.max(1, Math.ceil((until * 1000 - Date.now()) / 60_000));
  return (
    <span className="block text-xs text-amber-800 dark:text-amber-300">
      Sign-in locked from {locks.map((l) => l.address).join(', ')} for{' '}
      <time
        dateTime={new Date(until * 1000).toISOString()}
        title={`Until ${new Date(until * 1000).toISOString()}`}
        suppressHydrationWarning // the minute may turn between the server's render and the browser's
      >
        {minutes} more minute{minutes === 1 ? '' : 's'}
      </time>
    </span>
  );
}
