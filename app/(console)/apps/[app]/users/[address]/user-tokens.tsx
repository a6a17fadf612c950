'use client';

import { useState } from 'react';
import { Breakable } from '@/components/address-text';
import { type Column, DataTable } from '@/components/data-table';
import { FormDialog } from '@/components/form-dialog';
import { Panel } from '@/components/panel';
import { ExpiredBadge, Time } from '@/components/time';
import { useProductionConfirmation } from '@/components/typed-confirmation';
import { Button } from '@/components/ui/button';
import { useAppAction } from '@/lib/actions/use-action';
import type { UserRow } from '@/lib/dal/users';
import { users } from '@/lib/queries/users';
import { removeTokenAction } from '../actions';
import { GenerateToken } from './generate-token';

type Token = UserRow['tokens'][number];

/** The user's access tokens by App ID, with Generate token and Remove token (confirmed). */
export function UserTokens({ user, canManage }: { user: UserRow; canManage: boolean }) {
  const [removing, setRemoving] = useState<string>();
  const remove = useAppAction(removeTokenAction, {
    invalidates: [users.all],
    success: ({ appid }) => `Token for ${appid} removed`,
  });
  const confirm = useProductionConfirmation(user.address, 'Type the address to confirm', remove.fieldError('confirm'));
  const columns: Column<Token>[] = [
    { header: 'App ID', cell: (t) => <Breakable text={t.appid} /> },
    {
      header: 'Expires',
      cell: (t) => (
        <>
          {t.expires === 0 ? 'Never' : t.expires < 0 ? 'Not known (imported)' : <Time ts={t.expires} />}
          {t.expires > 0 && <ExpiredBadge expires={t.expires} />}
        </>
      ),
    },
  ];
  if (canManage)
    columns.push({
      header: 'Actions',
      srHeader: true,
      className: 'text-right',
      cell: (t) => (
        <Button variant="ghost" aria-label={`Remove token ${t.appid}`} onClick={() => setRemoving(t.appid)}>
          Remove token
        </Button>
      ),
    });
  return (
    <Panel
      id="tokens"
      title="Tokens"
      actions={canManage && <GenerateToken user={user} tokensUnknown={user.learned !== undefined} />}
    >
      <DataTable
        label="Tokens of this user"
        caption="Access tokens by App ID"
        columns={columns}
        rows={user.tokens}
        rowKey={(t) => t.appid}
        minWidth=""
        empty={
          <p className="text-sm text-slate-600 dark:text-slate-400">
            No access tokens. The user cannot sign in to the real-time API until one is issued.
          </p>
        }
      />
      <FormDialog
        open={removing !== undefined}
        onClose={() => {
          setRemoving(undefined);
          confirm.reset();
        }}
        title="Remove token"
        description={`The token for App ID ${removing} stops working at once; apps using it are signed out.`}
        action={remove}
        submitLabel="Remove token"
        danger
        disabled={!confirm.confirmed}
        toInput={() => ({ address: user.address, appid: removing ?? '', confirm: confirm.typed })}
      >
        {confirm.field}
      </FormDialog>
    </Panel>
  );
}
