'use client';

import Link from 'next/link';
import { AddressText } from '@/components/address-text';
import { Pager, SearchBox, useListUrl } from '@/components/list-controls';
import { ListError } from '@/components/list-error';
import { EmptyState, Spinner } from '@/components/ui/states';
import { TableScroll } from '@/components/ui/table-scroll';
import type { ActionError } from '@/lib/actions/result';
import { usePage } from '@/lib/queries/use-page';
import { fetchUsers, type UsersPageData, userKeys } from '@/lib/queries/users';
import { NewUserDialog } from './new-user-dialog';

function formatTime(ts?: number) {
  return ts ? new Date(ts * 1000).toLocaleString() : '—';
}

export function UsersView(props: {
  q: string;
  cursor?: string;
  trail: string[];
  initial?: UsersPageData;
  initialError?: ActionError;
  canCreate: boolean;
  canIssueTokens: boolean;
}) {
  const { q, cursor, trail } = props;
  const nav = useListUrl(props);

  const {
    query,
    rows,
    error: shownError,
  } = usePage({
    key: userKeys.list(q, cursor),
    fetch: () => fetchUsers(q, cursor),
    initial: props.initial,
    initialError: props.initialError,
    what: 'users',
  });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <SearchBox
          id="user-search"
          label="Search users"
          placeholder="Address prefix, or a pattern with * (e.g. *@example.com)"
          value={q}
          onSearch={nav.search}
        />
        {props.canCreate && <NewUserDialog canIssueTokens={props.canIssueTokens} />}
      </div>

      {shownError && <ListError error={shownError} onRetry={() => query.refetch()} />}

      <TableScroll
        label="Users"
        className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
      >
        <table className="w-full min-w-[40rem] text-left text-sm">
          <caption className="sr-only">Users{q ? ` matching ${q}` : ''}</caption>
          <thead className="border-b border-slate-200 text-xs text-slate-500 dark:text-slate-400 uppercase dark:border-slate-800">
            <tr>
              <th scope="col" className="px-3 py-2">
                Address
              </th>
              <th scope="col" className="px-3 py-2">
                Name
              </th>
              <th scope="col" className="px-3 py-2">
                Status
              </th>
              <th scope="col" className="px-3 py-2">
                Token App IDs
              </th>
              <th scope="col" className="px-3 py-2">
                Created
              </th>
            </tr>
          </thead>
          <tbody aria-busy={query.isFetching}>
            {rows.map((u) => (
              <tr key={u.uid} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                <td className="px-3 py-2 font-medium break-all">
                  <Link
                    href={`/users/${encodeURIComponent(u.address)}`}
                    className="text-indigo-700 hover:underline dark:text-indigo-300"
                  >
                    <AddressText address={u.address} />
                  </Link>
                </td>
                <td className="px-3 py-2">{u.name || '—'}</td>
                <td className="px-3 py-2">{u.active ? 'Active' : 'Inactive'}</td>
                <td className="px-3 py-2">{u.tokens.length ? u.tokens.map((t) => t.appid).join(', ') : 'None'}</td>
                <td className="px-3 py-2 whitespace-nowrap">{formatTime(u.created)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {query.isFetching && <Spinner label="Loading users" />}
      {!query.isFetching && !shownError && rows.length === 0 && (
        <EmptyState title={q ? `No users match “${q}”` : 'No users yet'}>
          {q ? 'Try a shorter prefix, or * as a wildcard.' : 'Create one with “New user”, or through the Backend API.'}
        </EmptyState>
      )}
      <Pager hasPrevious={trail.length > 0} next={query.data?.next} onPrevious={nav.previous} onNext={nav.next} />
    </div>
  );
}
