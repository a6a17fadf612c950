'use client';

import Link from 'next/link';
import { text } from '@/components/action-form';
import { AppIdField } from '@/components/app-id-field';
import { FormDialog } from '@/components/form-dialog';
import { expiryOf, TokenExpiryField } from '@/components/token-expiry-field';
import { AccessTokenReveal } from '@/components/token-reveal';
import { Button } from '@/components/ui/button';
import { TextField, Toggle } from '@/components/ui/field';
import { ErrorLink } from '@/components/ui/states';
import { useAppAction } from '@/lib/actions/use-action';
import { useScopeApp } from '@/lib/app-context';
import { userHref } from '@/lib/domain/app-paths';
import { users } from '@/lib/queries/users';
import type { FieldProblem } from '@/lib/result';
import { createUserAction } from './actions';

/** `keptHere`: the app's users live in the console's directory (its backend cannot look them up). */
export function NewUserDialog({
  canIssueTokens,
  keptHere,
  onOpenChange,
}: {
  canIssueTokens: boolean;
  keptHere?: boolean;
  onOpenChange?: (open: boolean) => void;
}) {
  const app = useScopeApp();
  const create = useAppAction(createUserAction, {
    invalidates: [users.all],
    success: (data) => `User ${data.user.address} created`,
  });
  return (
    <FormDialog
      trigger="New user"
      onOpen={() => onOpenChange?.(true)}
      onClose={() => onOpenChange?.(false)}
      title="New user"
      doneTitle="User created"
      action={create}
      submitLabel="Create user"
      pendingLabel="Creating…"
      toInput={(form) => ({
        address: text(form, 'address'),
        name: text(form, 'name'),
        appid: text(form, 'appid'),
        expiryMinutes: expiryOf(form),
        caseConfirmed: form.get('caseConfirmed') === 'on',
      })}
      done={(created, close) => (
        <div className="space-y-4">
          <p className="text-sm">
            <Link
              className="font-medium text-indigo-700 underline dark:text-indigo-300"
              href={userHref(app.id, created.user.address)}
            >
              Open {created.user.address}
            </Link>
          </p>
          {created.token ? (
            <AccessTokenReveal
              token={created.token.token}
              appid={created.token.appid}
              expires={created.token.expires}
              onDone={close}
            />
          ) : (
            <div className="flex justify-end">
              <Button onClick={close}>Done</Button>
            </div>
          )}
        </div>
      )}
    >
      <TextField
        label="Address"
        name="address"
        required
        maxLength={63}
        autoComplete="off"
        error={create.fieldError('address')}
        hint={
          keptHere
            ? "Phone number, e-mail or any unique id; case-sensitive. This app's backend cannot look users up: an existing mesibo user with this address would be updated rather than duplicated."
            : 'Phone number, e-mail or any unique id; case-sensitive.'
        }
      />
      <CaseTwinWarning problem={create.fieldError('caseConfirmed')} />
      <TextField label="Name" name="name" maxLength={128} autoComplete="off" error={create.fieldError('name')} />
      {canIssueTokens && (
        <>
          <AppIdField
            error={create.fieldError('appid')}
            hint="Optional. With an App ID (e.g. com.example.app, web) an access token is issued."
          />
          <TokenExpiryField error={create.fieldError('expiryMinutes')} />
        </>
      )}
    </FormDialog>
  );
}

/** An address that differs from a user's only in case: said, with that user's link, and asked to confirm. */
function CaseTwinWarning({ problem }: { problem?: FieldProblem }) {
  if (!problem) return null;
  return (
    <div
      role="alert"
      className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950"
    >
      <p>
        {typeof problem === 'string' ? problem : problem.message}{' '}
        {typeof problem !== 'string' && <ErrorLink link={problem.link} />}
      </p>
      <Toggle label="Create it as another user all the same" name="caseConfirmed" />
    </div>
  );
}
