'use client';

import { AddressText } from '@/components/address-text';
import { type Column, DataTable } from '@/components/data-table';
import { InactiveBadge } from '@/components/inactive-badge';
import { ListSourceNote } from '@/components/list-source-note';
import { RowLink } from '@/components/row-link';
import { SearchBox } from '@/components/search-box';
import { Time } from '@/components/time';
import { EmptyState } from '@/components/ui/states';
import { useScopeApp } from '@/lib/app-context';
import type { UserRow } from '@/lib/dal/users';
import { userHref } from '@/lib/domain/app-paths';
import { type ListState, useList } from '@/lib/queries/use-list';
import { users } from '@/lib/queries/users';
import { NewUserDialog } from './new-user-dialog';

const columns = (app: number): Column<UserRow>[] => [
  {
    header: 'Address',
    className: 'font-medium',
    cell: (u) => (
      <>
        <RowLink href={userHref(app, u.address)}>
          <AddressText address={u.address} />
        </RowLink>
        {!u.active && <InactiveBadge />}
      </>
    ),
  },
  { header: 'Name', cell: (u) => u.name || '—' },
  { header: 'Status', cell: (u) => (u.active ? 'Active' : 'Inactive') },
  { header: 'Token App IDs', cell: (u) => (u.tokens.length ? u.tokens.map((t) => t.appid).join(', ') : 'None') },
  { header: 'Created', className: 'whitespace-nowrap', cell: (u) => <Time ts={u.created} /> },
];

export function UsersView(props: {
  list: ListState<{ q: string }, UserRow>;
  canCreate: boolean;
  canIssueTokens: boolean;
}) {
  const app = useScopeApp();
  const { q } = props.list.filter;
  const list = useList(users, props.list);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <SearchBox
          id="user-search"
          label="Search users"
          placeholder="Address prefix, or a pattern with * (e.g. *@example.com)"
          value={q}
          onSearch={(next) => list.setFilter({ q: next })}
        />
        {props.canCreate && (
          <NewUserDialog canIssueTokens={props.canIssueTokens} keptHere={list.source === 'directory'} />
        )}
      </div>
      <ListSourceNote source={list.source} list="users" />
      <DataTable
        label="Users"
        caption={`Users${q ? ` matching ${q}` : ''}`}
        columns={columns(app.id)}
        rowKey={(u) => u.address}
        {...list.table}
        empty={
          <EmptyState title={q ? `No users match “${q}”` : 'No users yet'}>
            {q
              ? 'Try a shorter prefix, or * as a wildcard.'
              : 'Create one with “New user”, or through the Backend API.'}
          </EmptyState>
        }
      />
    </div>
  );
}
