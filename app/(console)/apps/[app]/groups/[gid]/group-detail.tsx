import { PageHeader } from '@/components/ui/states';
import type { GroupRow, MemberRow } from '@/lib/dal/groups';
import type { Page } from '@/lib/queries/list';
import { DeleteGroup } from './delete-group';
import { GroupMembers } from './group-members';
import { GroupSettings } from './group-settings';

/** A group's page: settings, members, and deletion, as far as the role allows. */
export function GroupDetail({
  group,
  members,
  canEdit,
}: {
  group: GroupRow;
  members: Page<MemberRow>;
  canEdit: boolean;
}) {
  return (
    <>
      <PageHeader title={`${group.name || '(no name)'} · group ${group.gid}`} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        <GroupSettings group={group} canEdit={canEdit} />
        <GroupMembers gid={group.gid} initial={members} canEdit={canEdit} />
      </div>
      {canEdit && <DeleteGroup gid={group.gid} name={group.name} />}
    </>
  );
}
