import { Time } from '@/components/time';
import { PageHeader } from '@/components/ui/states';
import type { GroupRow, MemberRow } from '@/lib/dal/groups';
import type { Page } from '@/lib/queries/list';
import { DeleteGroup } from './delete-group';
import { GroupMembers } from './group-members';
import { GroupSettings } from './group-settings';

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
  unknownHere,
}: {
  group: GroupRow;
  members: Page<MemberRow>;
  canEdit: boolean;
  unknownHere?: boolean;
}) {
  return (
    <>
      <PageHeader title={unknownHere ? `Group ${group.gid}` : `${group.name || '(no name)'} · group ${group.gid}`} />
      {group.unconfirmedTs ? (
        <p
          role="status"
          className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950"
        >
          Unconfirmed since <Time ts={group.unconfirmedTs} />: the backend did not answer a change to this group, so it
          may or may not have been applied. The next change that succeeds confirms it.
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        {unknownHere ? (
          <section
            aria-labelledby="unknown-group"
            className="rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900"
          >
            <h2 id="unknown-group" className="font-medium">
              Not in this console's directory
            </h2>
            <p className="mt-1 text-slate-600 dark:text-slate-400">
              This app's backend cannot list groups, and this one was made elsewhere: its name and settings are not
              known here. Its members are read from the backend; a change to them teaches the console the rest.
            </p>
          </section>
        ) : (
          <GroupSettings group={group} canEdit={canEdit} />
        )}
        <GroupMembers gid={group.gid} initial={members} canEdit={canEdit} />
      </div>
      {canEdit && <DeleteGroup gid={group.gid} name={group.name} />}
    </>
  );
}
