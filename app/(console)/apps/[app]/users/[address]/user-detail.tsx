import { AddressText } from '@/components/address-text';
import { InactiveBadge } from '@/components/inactive-badge';
import { PageHeader } from '@/components/ui/states';
import type { UserRow } from '@/lib/dal/users';
import { DeleteUser } from './delete-user';
import { ProfileForm } from './profile-form';
import { UserTokens } from './user-tokens';

/** A user's page: profile, tokens, and deletion, each shown only as far as the role allows. */
export function UserDetail({
  user,
  can,
}: {
  user: UserRow;
  can: { edit: boolean; activate: boolean; tokens: boolean };
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
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <ProfileForm user={user} canEdit={can.edit} canActivate={can.activate} />
        <UserTokens user={user} canManage={can.tokens} />
      </div>
      {can.edit && <DeleteUser address={user.address} />}
    </>
  );
}
