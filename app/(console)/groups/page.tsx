import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { PageHeader } from '@/components/ui/states';
import { pageOperator } from '@/lib/auth/page-guard';
import { can } from '@/lib/console/roles';
import { listGroups } from '@/lib/dal/groups';
import { pageList } from '@/lib/dal/page-data';
import { GroupSearch } from '@/lib/validations/groups';
import type { RawSearchParams } from '@/lib/validations/search-params';
import { GroupsView } from './groups-view';

export const metadata: Metadata = { title: 'Groups' };

export default async function GroupsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const operator = await pageOperator('groups.view', '/groups');
  if (!operator) return <Forbidden />;
  const list = await pageList(
    '/groups',
    searchParams,
    (raw) => ({ q: GroupSearch.safeParse(raw).data?.q ?? '' }),
    (f, cursor) => listGroups(f.q, cursor),
  );
  return (
    <>
      <PageHeader title="Groups" />
      <GroupsView list={list} canCreate={can(operator.role, 'groups.edit')} />
    </>
  );
}
