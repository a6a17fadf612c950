import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { PageHeader } from '@/components/ui/states';
import { can } from '@/lib/console/roles';
import { listGroups } from '@/lib/dal/groups';
import { appPage, pageList } from '@/lib/dal/page-data';
import { appApi, appHref } from '@/lib/domain/app-paths';
import { GroupSearch } from '@/lib/validations/groups';
import type { RawSearchParams } from '@/lib/validations/search-params';
import { GroupsView } from './groups-view';

export const metadata: Metadata = { title: 'Groups' };

type Props = { params: Promise<{ app: string }>; searchParams: Promise<RawSearchParams> };

export default async function GroupsPage({ params, searchParams }: Props) {
  const segment = (await params).app;
  const { operator, app, refused } = await appPage(segment, 'groups.view', `/apps/${segment}/groups`);
  if (refused) return <Forbidden reason={refused} />;
  const list = await pageList(
    { path: appHref(app.id, '/groups'), endpoint: appApi(app.id, 'groups'), appId: app.id },
    searchParams,
    (raw) => ({ q: GroupSearch.safeParse(raw).data?.q ?? '' }),
    (f, cursor) => listGroups(app, f.q, cursor),
  );
  return (
    <>
      <PageHeader title="Groups" />
      <GroupsView list={list} canCreate={can(operator.role, 'groups.edit')} />
    </>
  );
}
