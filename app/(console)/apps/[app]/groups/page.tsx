import type { Metadata } from 'next';
import { ExportCsvButton } from '@/components/export-csv-button';
import { Forbidden } from '@/components/forbidden';
import { PageHeader } from '@/components/ui/states';
import { can } from '@/lib/console/roles';
import { listGroups } from '@/lib/dal/groups';
import { type AppListProps, appListPage } from '@/lib/dal/page-data';
import { exportApi } from '@/lib/domain/app-paths';
import { DEFAULT_GROUP_SORT } from '@/lib/domain/list-query';
import { GroupSearch, groupQueryOf } from '@/lib/validations/groups';
import { GroupsView } from './groups-view';

export const metadata: Metadata = { title: 'Groups' };

export default async function GroupsPage(props: AppListProps) {
  const page = await appListPage(props, {
    list: 'groups',
    permission: 'groups.view',
    // As the URL keeps it: the default order (newest first) is no `sort` at all.
    filter: (raw) => {
      const { q, sort, send, delivery } = GroupSearch.parse({ ...raw, q: raw.q?.slice(0, 128) });
      return { q, sort: sort === DEFAULT_GROUP_SORT ? '' : sort, send, delivery };
    },
    load: (app, f, cursor) => listGroups(app, groupQueryOf(GroupSearch.parse(f)), cursor),
  });
  if (page.refused) return <Forbidden reason={page.refused} />;
  return (
    <>
      <PageHeader title="Groups">
        {can(page.operator.role, 'data.export') && (
          <ExportCsvButton
            href={exportApi(page.app.id, 'groups', page.list.filter)}
            description={page.list.filter.q ? 'The groups this search matches, as CSV' : 'All groups, as CSV'}
          />
        )}
      </PageHeader>
      <GroupsView list={page.list} canCreate={can(page.operator.role, 'groups.edit')} />
    </>
  );
}
