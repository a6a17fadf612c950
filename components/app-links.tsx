'use client';

import { AddressText } from '@/components/address-text';
import { RowLink } from '@/components/row-link';
import { useScopeApp } from '@/lib/app-context';
import { groupHref, userHref } from '@/lib/domain/app-paths';

/**
 * Links to a user's or a group's page within the app on screen: every address and gid the
 * console shows leads to its page, so answering "why didn't maya get the message?" never means
 * copying an address from one page into another.
 */
export function UserLink({ address }: { address: string }) {
  const app = useScopeApp();
  return (
    <RowLink href={userHref(app.id, address)}>
      <AddressText address={address} />
    </RowLink>
  );
}

/** "Support crew (gid 12)", or "group 12" where the name is not known or empty. */
export function GroupLink({ gid, name }: { gid: number; name?: string }) {
  const app = useScopeApp();
  return <RowLink href={groupHref(app.id, gid)}>{name ? `${name} (gid ${gid})` : `group ${gid}`}</RowLink>;
}
