import { AddressText } from '@/components/address-text';
import { CopyButton } from '@/components/copy-button';
import { UnconfirmedNote } from '@/components/directory-notes';
import { HistoryLink } from '@/components/history-link';
import { InactiveBadge } from '@/components/inactive-badge';
import { PresenceText } from '@/components/presence-text';
import { Time } from '@/components/time';
import { PageHeader } from '@/components/ui/states';
import type { UserRow } from '@/lib/dal/users';
import { DeleteUser } from './delete-user';
import { ProfileForm } from './profile-form';
import { UserTokens } from './user-tokens';

const LEARNED = {
  console: 'created or first changed here',
  manual: 'added by hand with Add to directory',
  seen: 'first seen here, when a token was generated for it',
  import: 'imported',
  webhook: "seen in one of mesibo's webhooks",
} as const;

/** A user's page: profile, tokens, and deletion, each shown only as far as the role allows. */
export function UserDetail({
  user,
  can,
  related,
  history,
}: {
  user: UserRow;
  can: { edit: boolean; activate: boolean; tokens: boolean };
  /** Its History in the audit log, for roles that may read it. */
  history?: string;
  /** The user's groups and recent messages (as the role may read them). */
  related?: React.ReactNode;
}) {
  return (
    <>
      <PageHeader
        title={
          <>
            <AddressText address={user.address} />
            {!user.active && <InactiveBadge />}
          </>
        }
      >
        <CopyButton label="Copy address" value={user.address} />
        {user.uid > 0 && <CopyButton label="Copy uid" value={String(user.uid)} />}
        {history && <HistoryLink href={history} />}
      </PageHeader>
      {user.learned && (
        <p className="-mt-4 mb-4 text-sm text-slate-600 dark:text-slate-400">
          In this console's directory since <Time ts={user.created} />: {LEARNED[user.learned]}; last changed{' '}
          <Time ts={user.changedTs} />.
        </p>
      )}
      {user.presence && (
        <p className="-mt-2 mb-4 text-sm" data-testid="presence">
          Presence (from webhooks): <PresenceText presence={user.presence} />
          {user.presence.online && (
            <>
              {' '}
              · last seen <Time ts={user.presence.seenTs} />
            </>
          )}
        </p>
      )}
      <UnconfirmedNote ts={user.unconfirmedTs} what="user" />
      <div className="grid gap-6 lg:grid-cols-2">
        <ProfileForm user={user} canEdit={can.edit} canActivate={can.activate} />
        <UserTokens user={user} canManage={can.tokens} />
      </div>
      {related && <div className="mt-6 grid gap-6">{related}</div>}
      {can.edit && <DeleteUser address={user.address} />}
    </>
  );
}
