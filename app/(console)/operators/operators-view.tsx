'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Breakable } from '@/components/address-text';
import { type Column, DataTable } from '@/components/data-table';
import { FormDialog } from '@/components/form-dialog';
import { HistoryLink } from '@/components/history-link';
import { Time } from '@/components/time';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/states';
import { useAction } from '@/lib/actions/use-action';
import { ROLES } from '@/lib/console/roles';
import type { OperatorRow } from '@/lib/dal/operators';
import { historyHref } from '@/lib/domain/app-paths';
import type { TwoFactorPolicy } from '@/lib/domain/two-factor-policy';
import { unlockOperatorAction, updateOperatorAction } from './actions';
import { AppAccessDialog, type AppChoice, accessWords } from './app-access-dialog';
import { LockBadge } from './lock-note';
import { NewOperatorDialog } from './new-operator-dialog';
import { RequireTwoFactor, twoFactorWords } from './require-two-factor';
import { ResetPasswordDialog } from './reset-password-dialog';
import { ResetTwoFactorDialog } from './reset-two-factor-dialog';
import { RoleSelect } from './role-select';

/** Operators: create, role (confirmed), app access, disable, unlock, passwords, two-factor, sessions. */
export function OperatorsView({
  operators,
  me,
  apps,
  policy,
}: {
  operators: OperatorRow[];
  me: number;
  apps: AppChoice[];
  policy: TwoFactorPolicy;
}) {
  const update = useAction(updateOperatorAction, { toastErrors: true, success: (o) => `${o.email} updated` });
  const unlock = useAction(unlockOperatorAction, {
    toastErrors: true,
    success: ({ id }) => `Sign-in of ${operators.find((o) => o.id === id)?.email ?? 'the operator'} unlocked`,
  });
  const [resetting, setResetting] = useState<OperatorRow>();
  const [limiting, setLimiting] = useState<OperatorRow>();
  const [disabling, setDisabling] = useState<OperatorRow>();
  const [resettingTwoFactor, setResettingTwoFactor] = useState<OperatorRow>();
  // Disabling ends the operator's sessions: asked first, as a role change is. Enabling gives nothing away: at once.
  const disable = useAction(updateOperatorAction, { success: (o) => `${o.email} disabled` });
  const columns: Column<OperatorRow>[] = [
    {
      header: 'E-mail',
      sort: (a, b) => a.email.localeCompare(b.email),
      cell: (o) => (
        <>
          <Breakable text={o.email} />
          {o.id === me && <span className="ml-1 text-xs text-slate-500 dark:text-slate-400">(you)</span>}
        </>
      ),
    },
    { header: 'Name', cell: (o) => o.name || '—', sort: (a, b) => a.name.localeCompare(b.name) },
    {
      header: 'Role',
      sort: (a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role),
      cell: (o) => <RoleSelect operator={o} />,
    },
    { header: 'Apps', cell: (o) => accessWords(o, apps) },
    {
      header: 'Status',
      cell: (o) => (
        <>
          {o.disabled ? 'Disabled' : 'Active'}
          {o.locks.length > 0 && <LockBadge locks={o.locks} />}
        </>
      ),
    },
    { header: 'Two-factor', cell: (o) => twoFactorWords(o, policy) },
    {
      header: 'Last sign-in',
      className: 'whitespace-nowrap',
      sort: (a, b) => a.lastSignInTs - b.lastSignInTs,
      cell: (o) => <Time ts={o.lastSignInTs} empty="Never" />,
    },
    {
      header: 'Actions',
      srHeader: true,
      className: 'text-right whitespace-nowrap',
      cell: (o) => (
        <>
          {/* What was done to the operator's account: role, access, password, sign-ins. */}
          <HistoryLink href={historyHref(o.email)} />
          {o.id !== me && (
            <Button
              variant="ghost"
              aria-label={`${o.disabled ? 'Enable' : 'Disable'} ${o.email}`}
              onClick={() => (o.disabled ? update.run({ id: o.id, disabled: false }) : setDisabling(o))}
            >
              {o.disabled ? 'Enable' : 'Disable'}
            </Button>
          )}
          {o.locks.length > 0 && (
            <Button variant="ghost" disabled={unlock.pending} onClick={() => unlock.run({ id: o.id })}>
              Unlock
            </Button>
          )}
          {o.role !== 'admin' && (
            <Button variant="ghost" aria-label={`App access of ${o.email}`} onClick={() => setLimiting(o)}>
              App access
            </Button>
          )}
          <Button variant="ghost" onClick={() => setResetting(o)}>
            Reset password
          </Button>
          <Link href={`/operators/${o.id}/sessions`} aria-label={`Sessions of ${o.email}`} className="btn btn-ghost">
            Sessions
          </Link>
          {o.twoFactor && o.id !== me && (
            <Button
              variant="ghost"
              aria-label={`Reset two-factor of ${o.email}`}
              onClick={() => setResettingTwoFactor(o)}
            >
              Reset two-factor
            </Button>
          )}
        </>
      ),
    },
  ];
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <NewOperatorDialog />
        <RequireTwoFactor policy={policy} operators={operators} me={me} />
      </div>
      <DataTable
        label="Operators"
        caption="Operators"
        columns={columns}
        rows={operators}
        rowKey={(o) => String(o.id)}
        empty={<EmptyState title="No operators" />}
      />
      <ResetPasswordDialog operator={resetting} onClose={() => setResetting(undefined)} />
      <ResetTwoFactorDialog operator={resettingTwoFactor} onClose={() => setResettingTwoFactor(undefined)} />
      <AppAccessDialog operator={limiting} apps={apps} onClose={() => setLimiting(undefined)} />
      <FormDialog
        open={disabling !== undefined}
        onClose={() => setDisabling(undefined)}
        title="Disable operator"
        description={`Disable ${disabling?.email}? Their sessions end now, and they cannot sign in until an admin enables them again.`}
        action={disable}
        submitLabel="Disable operator"
        danger
        toInput={() => ({ id: disabling?.id ?? 0, disabled: true })}
      />
    </div>
  );
}
