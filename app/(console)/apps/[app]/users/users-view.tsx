'use client';

import { AddressText } from '@/components/address-text';
import { type Column, DataTable } from '@/components/data-table';
import { InactiveBadge } from '@/components/inactive-badge';
import { ListSourceNote } from '@/components/list-source-note';
import { PresenceText } from '@/components/presence-text';
import { RowLink } from '@/components/row-link';
import { SearchBox } from '@/components/search-box';
import { Time } from '@/components/time';
import { SelectField } from '@/components/ui/field';
import { EmptyState } from '@/components/ui/states';
import { useScopeApp } from '@/lib/app-context';
import type { UserRow } from '@/lib/dal/users';
import { userHref } from '@/lib/domain/app-paths';
import { type ListState, useList } from '@/lib/queries/use-list';
import { users } from '@/lib/queries/users';
import { NewUserDialog } from './new-user-dialog';

const PRESENCE_OPTIONS = [
  ['', 'All users'],
  ['online', 'Online now'],
  ['seen', 'Last seen first'],
] as const;

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
  { header: 'Presence', className: 'whitespace-nowrap', cell: (u) => <PresenceText presence={u.presence} /> },
  { header: 'Token App IDs', cell: (u) => (u.tokens.length ? u.tokens.map((t) => t.appid).join(', ') : 'None') },
  { header: 'Created', className: 'whitespace-nowrap', cell: (u) => <Time ts={u.created} /> },
];

type UsersFilter = { q: string; presence: '' | 'online' | 'seen' };

export function UsersView(props: {
  list: ListState<UsersFilter, UserRow>;
  canCreate: boolean;
  canIssueTokens: boolean;
}) {
  const app = useScopeApp();
  const { q, presence } = props.list.filter;
  const list = useList(users, props.list);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <SearchBox
          id="user-search"
          label="Search users"
          placeholder="Address prefix, or a pattern with * (e.g. *@example.com)"
          value={q}
          onSearch={(next) => list.setFilter({ q: next, presence })}
        />
        {list.source === 'directory' && (
          <SelectField
            label="Presence"
            name="presence"
            value={presence}
            onChange={(e) => list.setFilter({ q, presence: e.target.value as UsersFilter['presence'] })}
            options={PRESENCE_OPTIONS}
          />
        )}
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
          presence ? (
            <EmptyState
              title={
                presence === 'online'
                  ? `Nobody is online now${q ? ` matching “${q}”` : ''}`
                  : `No user${q ? ` matching “${q}”` : ''} seen by webhooks yet`
              }
            >
              Presence comes from this app's webhooks (the Webhooks page).
            </EmptyState>
          ) : (
            <EmptyState title={q ? `No users match “${q}”` : 'No users yet'}>
              {q
                ? 'Try a shorter prefix, or * as a wildcard.'
                : 'Create one with “New user”, or through the Backend API.'}
            </EmptyState>
          )
        }
      />
    </div>
  );
}
