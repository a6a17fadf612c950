import { CopyButton } from '@/components/copy-button';
import { NotInDirectory, UnconfirmedNote } from '@/components/directory-notes';
import { ExportCsvButton } from '@/components/export-csv-button';
import { HistoryLink } from '@/components/history-link';
import { PageHeader } from '@/components/ui/states';
import type { GroupRow, MemberRow } from '@/lib/dal/groups';
import type { NumberedPage } from '@/lib/domain/paging';
import { DeleteGroup } from './delete-group';
import { GroupMembers } from './group-members';
import { GroupSettings } from './group-settings';
import { ImportMembersDialog } from './import-members-dialog';

/**
 * A group's page: settings, members, and deletion, as far as the role allows. `unknownHere`:
 * a group the console's directory does not know, on a backend that cannot list groups: its
 * name and settings are unknown, so they are not offered for saving; a change to its members
 * teaches the directory the rest.
 */
export function GroupDetail({
  group,
  members,
  canEdit,
  exportHref,
  unknownHere,
  recent,
  history,
}: {
  group: GroupRow;
  members: NumberedPage<MemberRow>;
  canEdit: boolean;
  /** Export CSV of the members, for roles that may export. */
  exportHref?: string;
  unknownHere?: boolean;
  /** Its recent messages (for roles that may read them). */
  recent?: React.ReactNode;
  /** Its History in the audit log, for roles that may read it. */
  history?: string;
}) {
  return (
    <>
      <PageHeader title={unknownHere ? `Group ${group.gid}` : `${group.name || '(no name)'} · group ${group.gid}`}>
        <CopyButton label="Copy gid" value={String(group.gid)} />
        {history && <HistoryLink href={history} />}
      </PageHeader>
      <UnconfirmedNote ts={group.unconfirmedTs} what="group" />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        {unknownHere ? (
          <NotInDirectory>
            <p className="text-slate-600 dark:text-slate-400">
              This app's backend cannot list groups, and this one was made elsewhere: its name and settings are not
              known here. Its members are read from the backend; a change to them teaches the console the rest.
            </p>
          </NotInDirectory>
        ) : (
          <GroupSettings group={group} canEdit={canEdit} />
        )}
        <GroupMembers
          gid={group.gid}
          initial={members}
          count={unknownHere ? undefined : group.members}
          canEdit={canEdit}
          actions={
            (canEdit || exportHref) && (
              <div className="flex flex-wrap items-start gap-2">
                {canEdit && <ImportMembersDialog gid={group.gid} />}
                {exportHref && (
                  <ExportCsvButton href={exportHref} description={`The members of group ${group.gid}, as CSV`} />
                )}
              </div>
            )
          }
        />
      </div>
      {recent && <div className="mt-6">{recent}</div>}
      {canEdit && <DeleteGroup gid={group.gid} name={group.name} />}
    </>
  );
}
