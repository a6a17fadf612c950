import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { PageHeader } from '@/components/ui/states';
import { toActionError } from '@/lib/actions/run';
import { pageOperator } from '@/lib/auth/page-guard';
import { can } from '@/lib/auth/roles';
import { listUsers } from '@/lib/dal/users';
import type { UsersPageData } from '@/lib/queries/users';
import { type RawSearchParams, singleValues } from '@/lib/validations/search-params';
import { UserSearch } from '@/lib/validations/users';
import { UsersView } from './users-view';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const operator = await pageOperator('users.view', '/users');
  if (!operator) return <Forbidden />;
  const raw = singleValues(await searchParams);
  const { q, cursor } = UserSearch.parse({ q: raw.q ?? '', cursor: raw.cursor });
  const trail = (raw.trail ?? '').split(',').filter((c) => /^\d{1,16}$/.test(c));
  // The first page is rendered on the server; typing and paging then fetch /api/users.
  let initial: UsersPageData | undefined;
  let initialError: ReturnType<typeof toActionError> | undefined;
  try {
    initial = await listUsers(q, cursor);
  } catch (e) {
    initialError = toActionError(e, 'users');
  }
  return (
    <>
      <PageHeader title="Users" />
      <UsersView
        q={q}
        cursor={cursor}
        trail={trail}
        initial={initial}
        initialError={initialError}
        canCreate={can(operator.role, 'users.edit')}
        canIssueTokens={can(operator.role, 'tokens.manage')}
      />
    </>
  );
}
