import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { PageHeader } from '@/components/ui/states';
import { can } from '@/lib/console/roles';
import { appPage, pageList } from '@/lib/dal/page-data';
import { listUsers } from '@/lib/dal/users';
import { appApi, appHref } from '@/lib/domain/app-paths';
import type { RawSearchParams } from '@/lib/validations/search-params';
import { UserSearch } from '@/lib/validations/users';
import { UsersView } from './users-view';

export const metadata: Metadata = { title: 'Users' };

type Props = { params: Promise<{ app: string }>; searchParams: Promise<RawSearchParams> };

export default async function UsersPage({ params, searchParams }: Props) {
  const segment = (await params).app;
  const { operator, app, refused } = await appPage(segment, 'users.view', `/apps/${segment}/users`);
  if (refused) return <Forbidden reason={refused} />;
  // The first page is rendered on the server; typing and paging then fetch /api/apps/<app>/users.
  const list = await pageList(
    { path: appHref(app.id, '/users'), endpoint: appApi(app.id, 'users'), appId: app.id },
    searchParams,
    (raw) => ({ q: UserSearch.safeParse(raw).data?.q ?? '' }),
    (f, cursor) => listUsers(app, f.q, cursor),
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
