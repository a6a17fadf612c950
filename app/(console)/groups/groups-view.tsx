'use client';

import Link from 'next/link';
import { Pager, SearchBox, useListUrl } from '@/components/list-controls';
import { ListError } from '@/components/list-error';
import { EmptyState, Spinner } from '@/components/ui/states';
import { TableScroll } from '@/components/ui/table-scroll';
import type { ActionError } from '@/lib/actions/result';
import { fetchGroups, type GroupsPageData, groupKeys } from '@/lib/queries/groups';
import { usePage } from '@/lib/queries/use-page';
import { flagWords } from '@/lib/validations/groups';
import { NewGroupDialog } from './new-group-dialog';

export function GroupsView(props: {
  q: string;
  cursor?: string;
  trail: string[];
  initial?: GroupsPageData;
  initialError?: ActionError;
  canCreate: boolean;
}) {
  const { q, cursor, trail } = props;
  const nav = useListUrl(props);
  const {
    query,
    rows,
    error: shownError,
  } = usePage({
    key: groupKeys.list(q, cursor),
    fetch: () => fetchGroups(q, cursor),
    initial: props.initial,
    initialError: props.initialError,
    what: 'groups',
  });
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <SearchBox
          id="group-search"
          label="Search groups"
          placeholder="Name prefix, or a pattern with *"
          value={q}
          onSearch={nav.search}
        />
        {props.canCreate && <NewGroupDialog />}
      </div>
      {shownError && <ListError error={shownError} onRetry={() => query.refetch()} />}
      <TableScroll
        label="Groups"
        className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
      >
        <table className="w-full min-w-[36rem] text-left text-sm">
          <caption className="sr-only">Groups{q ? ` matching ${q}` : ''}</caption>
          <thead className="border-b border-slate-200 text-xs text-slate-500 dark:text-slate-400 uppercase dark:border-slate-800">
            <tr>
              <th scope="col" className="px-3 py-2">
                Gid
              </th>
              <th scope="col" className="px-3 py-2">
                Name
              </th>
              <th scope="col" className="px-3 py-2">
                Flags
              </th>
              <th scope="col" className="px-3 py-2">
                Members
              </th>
            </tr>
          </thead>
          <tbody aria-busy={query.isFetching}>
            {rows.map((g) => (
              <tr key={g.gid} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                <td className="px-3 py-2 tabular-nums">
                  <Link href={`/groups/${g.gid}`} className="text-indigo-700 hover:underline dark:text-indigo-300">
                    {g.gid}
                  </Link>
                </td>
                <td className="px-3 py-2 break-all">
                  <Link href={`/groups/${g.gid}`} className="hover:underline">
                    {g.name || '(no name)'}
                  </Link>
                  {!g.active && <span className="ml-2 text-xs text-amber-700">inactive</span>}
                </td>
                <td className="px-3 py-2">{flagWords(g.flags).join('; ') || 'Normal: members send and receive'}</td>
                <td className="px-3 py-2 tabular-nums">{g.members.toLocaleString('en-US')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {query.isFetching && <Spinner label="Loading groups" />}
      {!query.isFetching && !shownError && rows.length === 0 && (
        <EmptyState title={q ? `No groups match “${q}”` : 'No groups yet'}>
          {q ? 'Try a shorter prefix.' : 'Create one with “New group”.'}
        </EmptyState>
      )}
      <Pager hasPrevious={trail.length > 0} next={query.data?.next} onPrevious={nav.previous} onNext={nav.next} />
    </div>
  );
}
