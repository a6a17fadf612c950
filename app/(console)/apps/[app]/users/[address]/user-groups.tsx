'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { GroupLink } from '@/components/app-links';
import { type Column, DataTable } from '@/components/data-table';
import { Panel } from '@/components/panel';
import { Button } from '@/components/ui/button';
import { EmptyState, ErrorNotice } from '@/components/ui/states';
import { useScopeApp } from '@/lib/app-context';
import type { UserGroups as Groups, UserGroupRow } from '@/lib/dal/groups';
import type { Loaded } from '@/lib/dal/page-data';
import { userGroupsApi } from '@/lib/domain/app-paths';
import { userGroups } from '@/lib/queries/groups';
import { errorOf } from '@/lib/result';

const yesNo = (on: boolean) => (on ? 'Yes' : 'No');
const COLUMNS: Column<UserGroupRow>[] = [
  { header: 'Group', cell: (g) => <GroupLink gid={g.gid} name={g.name || undefined} /> },
  { header: 'Gid', className: 'tabular-nums', cell: (g) => g.gid },
  { header: 'Can send', cell: (g) => yesNo(g.send) },
  { header: 'Can receive', cell: (g) => yesNo(g.recv) },
];

/**
 * The groups a user belongs to: the first 50 as the page rendered them, then **Show all**
 * loads the rest, 100 at a time. Where the backend cannot tell (a self-hosted mesibo), says so;
 * where the console's directory is the list, says which memberships it knows.
 */
export function UserGroups({ address, first }: { address: string; first: Loaded<Groups> }) {
  const endpoint = userGroupsApi(useScopeApp().id, address);
  const initial = first.data?.offered ? first.data : undefined;
  const more = useInfiniteQuery({
    queryKey: [...userGroups.all, endpoint, 'after', initial?.next ?? ''],
    queryFn: ({ pageParam }) => userGroups.fetchPage(endpoint, {}, pageParam),
    initialPageParam: initial?.next,
    getNextPageParam: (last) => last.next,
    enabled: false,
  });
  const shown = more.data?.pages ?? [];
  const rows = [...(initial?.rows ?? []), ...shown.flatMap((p) => p.rows)];
  const hasMore = shown.length ? more.hasNextPage : Boolean(initial?.next);
  return (
    <Panel id="user-groups" title="Groups">
      {first.error ? (
        <ErrorNotice error={first.error} />
      ) : !initial ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          This app's backend does not list the groups of a user (a self-hosted mesibo has no usergroupsget): each
          group's page lists its members.
        </p>
      ) : (
        <div className="space-y-3">
          {initial.knownHere && (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Groups this console knows the user joined: through this console and its imports (the backend cannot list
              them).
            </p>
          )}
          <DataTable
            label="Groups"
            caption={`Groups of ${address}`}
            columns={COLUMNS}
            rows={rows}
            rowKey={(g) => String(g.gid)}
            loading={more.isFetching}
            error={more.error ? errorOf(more.error, 'The groups could not be loaded.') : undefined}
            empty={<EmptyState title="Not a member of any group" />}
          />
          {hasMore && (
            <Button
              variant="secondary"
              disabled={more.isFetching}
              onClick={() => (shown.length ? more.fetchNextPage() : more.refetch())}
            >
              {shown.length ? 'Load more groups' : 'Show all'}
            </Button>
          )}
        </div>
      )}
    </Panel>
  );
}
