import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { PageHeader } from '@/components/ui/states';
import { pageOperator } from '@/lib/auth/page-guard';
import { can } from '@/lib/console/roles';
import { pageList } from '@/lib/dal/page-data';
import { listUsers } from '@/lib/dal/users';
import type { RawSearchParams } from '@/lib/validations/search-params';
import { UserSearch } from '@/lib/validations/users';
import { UsersView } from './users-view';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const operator = await pageOperator('users.view', '/users');
  if (!operator) return <Forbidden />;
  // The first page is rendered on the server; typing and paging then fetch /api/users.
  const list = await pageList(
    '/users',
    searchParams,
    (raw) => ({ q: UserSearch.safeParse(raw).data?.q ?? '' }),
    (f, cursor) => listUsers(f.q, cursor),
  );
  return (
    <>
      <PageHeader title="Users" />
      <UsersView
        list={list}
        canCreate={can(operator.role, 'users.edit')}
        canIssueTokens={can(operator.role, 'tokens.manage')}
      />
    </>
  );
}
