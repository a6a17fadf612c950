import type { Metadata } from 'next';
import { ExportCsvButton } from '@/components/export-csv-button';
import { Forbidden } from '@/components/forbidden';
import { PageHeader } from '@/components/ui/states';
import { can, type Role } from '@/lib/console/roles';
import { type AppListProps, appListPage } from '@/lib/dal/page-data';
import { listUsers } from '@/lib/dal/users';
import { exportApi } from '@/lib/domain/app-paths';
import { USERS_BULK_ACTIONS, type UsersBulkKind } from '@/lib/domain/bulk-actions';
import { DEFAULT_USER_SORT } from '@/lib/domain/list-query';
import { UserSearch, userQueryOf } from '@/lib/validations/users';
import { ImportUsersDialog } from './import-users-dialog';
import { UsersView } from './users-view';

export const metadata: Metadata = { title: 'Users' };

/** The bulk actions this role may take (each as its single action); the server checks again. */
const bulkAllowed = (role: Role) =>
  Object.fromEntries(Object.entries(USERS_BULK_ACTIONS).map(([kind, a]) => [kind, can(role, a.permission)])) as Record<
    UsersBulkKind,
    boolean
  >;

export default async function UsersPage(props: AppListProps) {
  // The first page is rendered on the server; typing and paging then fetch /api/apps/<app>/users.
  const page = await appListPage(props, {
    list: 'users',
    permission: 'users.view',
    // As the URL keeps it: the default order (newest first) is no `sort` at all.
    filter: (raw) => {
      const { q, sort, active, appid, presence } = UserSearch.parse({ ...raw, q: raw.q?.slice(0, 128) });
      return { q, sort: sort === DEFAULT_USER_SORT ? '' : sort, active, appid, presence };
    },
    load: (app, f, cursor) => listUsers(app, userQueryOf(UserSearch.parse(f)), cursor, 25, f.presence),
  });
  if (page.refused) return <Forbidden reason={page.refused} />;
  return (
    <>
      <PageHeader title="Users">
        {can(page.operator.role, 'users.edit') && <ImportUsersDialog />}
        {can(page.operator.role, 'data.export') && (
          <ExportCsvButton
            href={exportApi(page.app.id, 'users', {
              q: page.list.filter.q,
              sort: page.list.filter.sort,
              active: page.list.filter.active,
              appid: page.list.filter.appid,
            })}
            description={
              page.list.filter.q || page.list.filter.active || page.list.filter.appid
                ? 'The users this search and these filters match, as CSV'
                : 'All users, as CSV'
            }
          />
        )}
      </PageHeader>
      <UsersView
        list={page.list}
        canCreate={can(page.operator.role, 'users.edit')}
        canIssueTokens={can(page.operator.role, 'tokens.manage')}
        bulk={bulkAllowed(page.operator.role)}
      />
    </>
  );
}
