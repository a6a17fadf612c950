'use client';

import { useState } from 'react';
import { text } from '@/components/action-form';
import { AppIdField } from '@/components/app-id-field';
import { type Column, DataTable } from '@/components/data-table';
import { FormDialog } from '@/components/form-dialog';
import { Panel } from '@/components/panel';
import { Time } from '@/components/time';
import { expiryOf, TokenExpiryField } from '@/components/token-expiry-field';
import { TokenReveal } from '@/components/token-reveal';
import { Button } from '@/components/ui/button';
import { useAction } from '@/lib/actions/use-action';
import type { UserRow } from '@/lib/dal/users';
import { users } from '@/lib/queries/users';
import { generateTokenAction, removeTokenAction } from '../actions';

type Token = UserRow['tokens'][number];

/** The user's access tokens by App ID: Generate token (shown once), Remove token (confirmed). */
export function UserTokens({ user, canManage }: { user: UserRow; canManage: boolean }) {
  const [removing, setRemoving] = useState<string>();
  const generate = useAction(generateTokenAction, { invalidates: [users.all] });
  const remove = useAction(removeTokenAction, {
    invalidates: [users.all],
    success: ({ appid }) => `Token for ${appid} removed`,
  });
  const columns: Column<Token>[] = [
    { header: 'App ID', className: 'break-all', cell: (t) => t.appid },
    { header: 'Expires', cell: (t) => (t.expires === 0 ? 'Never' : <Time ts={t.expires} />) },
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
  const generateDialog = (
    <FormDialog
      trigger="Generate token"
      title="Generate token"
      doneTitle="Token generated"
      action={generate}
      submitLabel="Generate token"
      toInput={(form) => ({ address: user.address, appid: text(form, 'appid'), expiryMinutes: expiryOf(form) })}
      done={(issued, close) => (
        <TokenReveal token={issued.token} appid={issued.appid} expires={issued.expires} onDone={close} />
      )}
    >
      <AppIdField
        required
        error={generate.fieldError('appid')}
        hint="A new token replaces this App ID's current one."
      />
      <TokenExpiryField error={generate.fieldError('expiryMinutes')} />
    </FormDialog>
  );
  return (
    <Panel id="tokens" title="Tokens" actions={canManage && generateDialog}>
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
        onClose={() => setRemoving(undefined)}
        title="Remove token"
        description={`The token for App ID ${removing} stops working at once; apps using it are signed out.`}
        action={remove}
        submitLabel="Remove token"
        danger
        toInput={() => ({ address: user.address, appid: removing ?? '' })}
      />
    </Panel>
  );
}
