import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { PageFailure, PageGone } from '@/components/page-failure';
import { RecentMessages } from '@/components/recent-messages';
import { can } from '@/lib/console/roles';
import { getGroup, groupByMembers, groupsKeptHere, listMembers } from '@/lib/dal/groups';
import { listMessages } from '@/lib/dal/messages';
import { appPage, pageData } from '@/lib/dal/page-data';
import { appHref, exportApi, groupHref, historyHref, messagesHref } from '@/lib/domain/app-paths';
import { Gid } from '@/lib/validations/common';
import { GroupDetail } from './group-detail';

type Props = { params: Promise<{ app: string; gid: string }> };
/** How many of its newest messages a group's page shows (Show all: the message log). */
const RECENT = 10;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Group ${(await params).gid}` };
}

export default async function GroupPage({ params }: Props) {
  const { app: segment, gid: raw } = await params;
  const path = `/apps/${segment}/groups/${encodeURIComponent(raw)}`;
  const { operator, app, refused } = await appPage(segment, 'groups.view', path);
  if (refused) return <Forbidden reason={refused} />;
  const gid = Gid.safeParse(raw);
  const { data, error } = await pageData(
    groupHref(app.id, raw),
    async () => {
      if (!gid.success) return undefined;
      const group = await getGroup(app, gid.data);
      if (group) return { group, members: await listMembers(app, group.gid), unknownHere: false };
      const byMembers = (await groupsKeptHere(app)) ? await groupByMembers(app, gid.data) : undefined;
      return byMembers && { ...byMembers, unknownHere: true };
    },
    app.id,
  );
  if (error) return <PageFailure title={`Group ${raw}`} error={error} />;
  const recent =
    data && can(operator.role, 'messages.view')
      ? await pageData(
          `${groupHref(app.id, raw)}#messages`,
          () => listMessages(app, { from: '', to: '', gid: String(data.group.gid) }, undefined, RECENT),
          app.id,
        )
      : undefined;
  // What was done to it, a deleted one too ("who deleted this group?").
  const history = gid.success && can(operator.role, 'audit.view') ? historyHref(`gid ${gid.data}`, app.id) : undefined;
  if (!data)
    return (
      <PageGone
        title={`Group ${raw}`}
        what="No group with this gid"
        back={{ href: appHref(app.id, '/groups'), label: 'Back to groups' }}
        history={history}
      />
    );
  return (
    <GroupDetail
      group={data.group}
      members={data.members}
      canEdit={can(operator.role, 'groups.edit')}
      exportHref={
        can(operator.role, 'data.export') ? exportApi(app.id, 'members', { gid: String(data.group.gid) }) : undefined
      }
      unknownHere={data.unknownHere}
      history={history}
      recent={
        recent && (
          <RecentMessages
            id="group-messages"
            title="Recent messages"
            loaded={recent}
            showAll={messagesHref(app.id, { gid: data.group.gid })}
            empty="No messages to this group yet"
          />
        )
      }
    />
  );
}
