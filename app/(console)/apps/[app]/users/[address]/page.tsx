import type { Metadata } from 'next';
import { AddressText } from '@/components/address-text';
import { Forbidden } from '@/components/forbidden';
import { PageFailure, PageGone } from '@/components/page-failure';
import { RecentMessages } from '@/components/recent-messages';
import type { AppAccess } from '@/lib/console/app-access';
import type { Operator } from '@/lib/console/operators';
import { can } from '@/lib/console/roles';
import { listUserGroups } from '@/lib/dal/groups';
import { listMessages } from '@/lib/dal/messages';
import { appPage, pageData } from '@/lib/dal/page-data';
import { findUser, usersKeptHere } from '@/lib/dal/users';
import { newAddressMessage } from '@/lib/domain/address-rules';
import { appHref, historyHref, messagesHref, segmentText, userHref } from '@/lib/domain/app-paths';
import { UnknownUser } from './unknown-user';
import { UserDetail } from './user-detail';
import { UserGroups } from './user-groups';

type Props = { params: Promise<{ app: string; address: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: segmentText((await params).address) };
}

export default async function UserPage({ params }: Props) {
  const { app: segment, address: raw } = await params;
  const address = segmentText(raw);
  const { operator, app, refused } = await appPage(segment, 'users.view', `/apps/${segment}/users/${raw}`);
  if (refused) return <Forbidden reason={refused} />;
  const { data, error } = await pageData(
    userHref(app.id, address),
    async () => ({ user: await findUser(app, address), keptHere: await usersKeptHere(app) }),
    app.id,
  );
  if (error) return <PageFailure title={<AddressText address={address} />} error={error} />;
  const { user, keptHere } = data;
  // What was done to it, a deleted one too ("who deleted this user?").
  const history = can(operator.role, 'audit.view') ? historyHref(address, app.id) : undefined;
  if (!user && keptHere)
    return (
      <UnknownUser
        address={address}
        canEdit={can(operator.role, 'users.edit')}
        canTokens={can(operator.role, 'tokens.manage')}
        problem={newAddressMessage(address)}
      />
    );
  if (!user)
    return (
      <PageGone
        title={<AddressText address={address} />}
        what="No user with this address"
        back={{ href: appHref(app.id, '/users'), label: 'Back to users' }}
        history={history}
      />
    );
  return (
    <UserDetail
      user={user}
      can={{
        edit: can(operator.role, 'users.edit'),
        activate: can(operator.role, 'users.activate'),
        tokens: can(operator.role, 'tokens.manage'),
      }}
      related={await related(app, operator, user.address)}
      history={history}
    />
  );
}

/** How many of a user's newest messages each list shows (Show all: the message log). */
const RECENT = 10;

/**
 * A user's groups (the first 50) and newest messages, sent and received (direct messages; a
 * group's are on its page), each read apart: one that fails shows its error in its place.
 */
async function related(app: AppAccess, operator: Operator, address: string) {
  const at = (part: string) => `${userHref(app.id, address)}#${part}`;
  // Sent: its From; received: direct messages To it (a group's are on the group's page).
  const lists = [
    { id: 'sent', title: 'Messages sent', filter: { from: address }, empty: 'No messages sent yet' },
    { id: 'received', title: 'Messages received', filter: { to: address }, empty: 'No direct messages received yet' },
  ];
  const readsMessages = can(operator.role, 'messages.view');
  const [groups, ...recent] = await Promise.all([
    can(operator.role, 'groups.view') ? pageData(at('groups'), () => listUserGroups(app, address), app.id) : undefined,
    ...lists.map((l) =>
      readsMessages ? pageData(at(l.id), () => listMessages(app, l.filter, undefined, RECENT), app.id) : undefined,
    ),
  ]);
  return (
    <>
      {groups && <UserGroups address={address} first={groups} />}
      {lists.map((l, i) => {
        const loaded = recent[i];
        return (
          loaded && (
            <RecentMessages
              key={l.id}
              id={l.id}
              title={l.title}
              loaded={loaded}
              showAll={messagesHref(app.id, l.filter)}
              empty={l.empty}
            />
          )
        );
      })}
    </>
  );
}
