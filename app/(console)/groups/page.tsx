import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { PageHeader } from '@/components/ui/states';
import { toActionError } from '@/lib/actions/run';
import { pageOperator } from '@/lib/auth/page-guard';
import { can } from '@/lib/auth/roles';
import { listGroups } from '@/lib/dal/groups';
import type { GroupsPageData } from '@/lib/queries/groups';
import { GroupSearch } from '@/lib/validations/groups';
import { type RawSearchParams, singleValues } from '@/lib/validations/search-params';
import { GroupsView } from './groups-view';

export const metadata: Metadata = { title: 'Groups' };

export default async function GroupsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const operator = await pageOperator('groups.view', '/groups');
  if (!operator) return <Forbidden />;
  const raw = singleValues(await searchParams);
  const { q, cursor } = GroupSearch.parse({ q: raw.q ?? '', cursor: raw.cursor });
  const trail = (raw.trail ?? '').split(',').filter((c) => /^\d{1,16}$/.test(c));
  let initial: GroupsPageData | undefined;
  let initialError: ReturnType<typeof toActionError> | undefined;
  try {
    initial = await listGroups(q, cursor);
  } catch (e) {
    initialError = toActionError(e, 'groups');
  }
  return (
    <>
      <PageHeader title="Groups" />
      <GroupsView
        q={q}
        cursor={cursor}
        trail={trail}
        initial={initial}
        initialError={initialError}
        canCreate={can(operator.role, 'groups.edit')}
      />
    </>
  );
}
