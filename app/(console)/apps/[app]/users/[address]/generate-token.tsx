'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { text } from '@/components/action-form';
import { AppIdField } from '@/components/app-id-field';
import { FormDialog } from '@/components/form-dialog';
import { expiryOf, TokenExpiryField } from '@/components/token-expiry-field';
import { AccessTokenReveal } from '@/components/token-reveal';
import { Button } from '@/components/ui/button';
import { type ActionHandle, useAppAction } from '@/lib/actions/use-action';
import type { IssuedToken, UserRow } from '@/lib/dal/users';
import { users } from '@/lib/queries/users';
import { generateTokenAction } from '../actions';

type Input = { address: string; appid: string; expiryMinutes?: number; replace?: boolean };
const reveal = (issued: IssuedToken, close: () => void) => (
  <AccessTokenReveal token={issued.token} appid={issued.appid} expires={issued.expires} onDone={close} />
);

/**
 * Generate token, shown once. The App ID field suggests the user's App IDs; when the chosen
 * one already has a token, a second dialog names it and asks before replacing it. Where the
 * app's backend cannot show tokens (`tokensUnknown`: the console keeps its own directory), any
 * App ID may have one, so the console always asks.
 */
export function GenerateToken({
  user,
  refreshOnClose,
  tokensUnknown,
}: {
  user: Pick<UserRow, 'address' | 'tokens'>;
  /**
   * Re-render the page only once the token has been seen and the dialog closed: needed where
   * the refreshed page no longer holds this dialog (an address the directory did not know).
   */
  refreshOnClose?: boolean;
  tokensUnknown?: boolean;
}) {
  const router = useRouter();
  const generate = useAppAction(generateTokenAction, { invalidates: [users.all], refresh: !refreshOnClose });
  const [open, setOpen] = useState(false);
  const [replacing, setReplacing] = useState<Input>();
  const existing = user.tokens.map((t) => t.appid);
  const askFirst: ActionHandle<Input, IssuedToken> = {
    ...generate,
    run: (input) => {
      if (!tokensUnknown && !existing.includes(input.appid)) return generate.run(input);
      setOpen(false);
      setReplacing(input);
    },
  };
  const known = replacing !== undefined && existing.includes(replacing.appid);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Generate token</Button>
      <FormDialog
        open={open}
        onClose={() => {
          setOpen(false);
          if (refreshOnClose && generate.data) router.refresh();
        }}
        title="Generate token"
        doneTitle="Token generated"
        action={askFirst}
        submitLabel="Generate token"
        toInput={(form) => ({ address: user.address, appid: text(form, 'appid'), expiryMinutes: expiryOf(form) })}
        done={reveal}
      >
        <AppIdField
          required
          suggestions={existing}
          error={generate.fieldError('appid')}
          hint="A new token replaces this App ID's current one."
        />
        <TokenExpiryField error={generate.fieldError('expiryMinutes')} />
      </FormDialog>
      <FormDialog
        open={replacing !== undefined}
        onClose={() => {
          setReplacing(undefined);
          if (refreshOnClose && generate.data) router.refresh();
        }}
        title="Replace token"
        doneTitle="Token generated"
        description={
          known || !tokensUnknown
            ? `App ID ${replacing?.appid} already has a token. A new one replaces it: apps signed in with the old token stop working at once.`
            : `This app's backend cannot show its tokens, so App ID ${replacing?.appid} may already have one for this user. A new token replaces it: apps signed in with the old token stop working at once.`
        }
        action={generate}
        submitLabel="Replace token"
        danger
        toInput={() => ({ ...(replacing as Input), replace: true })}
        done={reveal}
      />
    </>
  );
}
