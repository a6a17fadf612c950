import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { PageFailure, PageGone } from '@/components/page-failure';
import { pageOperator } from '@/lib/auth/page-guard';
import { can } from '@/lib/console/roles';
import { getGroup, listMembers } from '@/lib/dal/groups';
import { pageData } from '@/lib/dal/page-data';
import { Gid } from '@/lib/validations/common';
import { GroupDetail } from './group-detail';

type Props = { params: Promise<{ gid: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Group ${(await params).gid}` };
}

export default async function GroupPage({ params }: Props) {
  const raw = (await params).gid;
  const path = `/groups/${encodeURIComponent(raw)}`;
  const operator = await pageOperator('groups.view', path);
  if (!operator) return <Forbidden />;
  const gid = Gid.safeParse(raw);
  const { data, error } = await pageData(path, async () => {
    const group = gid.success ? await getGroup(gid.data) : undefined;
    return group && { group, members: await listMembers(group.gid) };
  });
  if (error) return <PageFailure title={`Group ${raw}`} error={error} />;
  if (!data)
    return (
      <PageGone
        title={`Group ${raw}`}
        what="No group with this gid"
        back={{ href: '/groups', label: 'Back to groups' }}
      />
    );
  return <GroupDetail group={data.group} members={data.members} canEdit={can(operator.role, 'groups.edit')} />;
}
