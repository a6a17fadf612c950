import type { Metadata } from 'next';
import Link from 'next/link';
import { Forbidden } from '@/components/forbidden';
import { RetryButton } from '@/components/retry-button';
import { EmptyState, ErrorNotice, PageHeader } from '@/components/ui/states';
import { toActionError } from '@/lib/actions/run';
import { pageOperator } from '@/lib/auth/page-guard';
import { can } from '@/lib/auth/roles';
import { type GroupRow, getGroup, listMembers } from '@/lib/dal/groups';
import type { MembersPageData } from '@/lib/queries/groups';
import { Gid } from '@/lib/validations/common';
import { GroupDetail } from './group-detail';

type Props = { params: Promise<{ gid: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Group ${(await params).gid}` };
}

export default async function GroupPage({ params }: Props) {
  const raw = (await params).gid;
  const operator = await pageOperator('groups.view', `/groups/${encodeURIComponent(raw)}`);
  if (!operator) return <Forbidden />;
  const gid = Gid.safeParse(raw);
  let group: GroupRow | undefined;
  let members: MembersPageData | undefined;
  try {
    group = gid.success ? await getGroup(gid.data) : undefined;
    members = group ? await listMembers(group.gid) : undefined;
  } catch (e) {
    const err = toActionError(e, 'group');
    return (
      <>
        <PageHeader title={`Group ${raw}`} />
        <ErrorNotice message={err.message} action={err.action} requestId={err.requestId}>
          <RetryButton />
        </ErrorNotice>
      </>
    );
  }
  if (!group || !members) {
    return (
      <>
        <PageHeader title={`Group ${raw}`} />
        <EmptyState title="No group with this gid">
          It may have been deleted.{' '}
          <Link href="/groups" className="underline">
            Back to groups
          </Link>
        </EmptyState>
      </>
    );
  }
  return <GroupDetail group={group} members={members} canEdit={can(operator.role, 'groups.edit')} />;
}
