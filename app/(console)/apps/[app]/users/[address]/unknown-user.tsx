'use client';

import { AddressText } from '@/components/address-text';
import { NotInDirectory } from '@/components/directory-notes';
import { Button } from '@/components/ui/button';
import { ErrorNotice, PageHeader } from '@/components/ui/states';
import { useAppAction } from '@/lib/actions/use-action';
import { users } from '@/lib/queries/users';
import { addToDirectoryAction } from '../actions';
import { GenerateToken } from './generate-token';

/**
 * A user's page for an address the console's directory does not know, on an app whose backend
 * cannot look users up (mesibo's cloud): the user may exist there all the same. "Add to
 * directory" records it without calling the backend; "Generate token" calls useradd, which
 * creates the user when it is missing, so it is for roles that may create users. An address
 * that breaks the rule for new addresses is offered neither.
 */
export function UnknownUser(props: {
  address: string;
  canEdit: boolean;
  canTokens: boolean;
  /** Why the address cannot be a new user (the rule for new addresses), when it cannot. */
  problem?: string;
}) {
  const add = useAppAction(addToDirectoryAction, {
    invalidates: [users.all],
    success: () => `${props.address} added to the directory`,
  });
  const { problem } = props;
  const canToken = props.canEdit && props.canTokens;
  return (
    <>
      <PageHeader title={<AddressText address={props.address} />} />
      <NotInDirectory>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          This app's backend cannot look users up, so the console knows only the users it created, changed or was given.
          A user with this address may still exist there.
        </p>
        {problem ? (
          <p className="text-sm font-medium text-red-700 dark:text-red-400">
            This address cannot be added here: {problem}
          </p>
        ) : (
          <>
            {canToken && (
              <p className="text-sm text-slate-600 dark:text-slate-400">
                Generate token works for any address: mesibo creates the user if it does not exist (useradd creates or
                updates), replaces any token the App ID already has, and the directory then knows the user.
              </p>
            )}
            {props.canTokens && !props.canEdit && (
              <p className="text-sm text-slate-600 dark:text-slate-400">
                Generating a token here could create the user, which your role may not do: ask an operator or an admin,
                or open a user the directory knows.
              </p>
            )}
            {add.error && <ErrorNotice error={add.error} />}
            <div className="flex flex-wrap gap-2">
              {props.canEdit && (
                <Button variant="secondary" disabled={add.pending} onClick={() => add.run({ address: props.address })}>
                  Add to directory
                </Button>
              )}
              {canToken && <GenerateToken user={{ address: props.address, tokens: [] }} refreshOnClose tokensUnknown />}
            </div>
          </>
        )}
      </NotInDirectory>
    </>
  );
}
