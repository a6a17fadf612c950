'use client';

import { useState } from 'react';
import { AddressText } from '@/components/address-text';
import { type Column, DataTable } from '@/components/data-table';
import { UnknownAddressLink } from '@/components/directory-notes';
import { InactiveBadge } from '@/components/inactive-badge';
import { ListCount } from '@/components/list-count';
import { ListSourceNote } from '@/components/list-source-note';
import { PresenceText } from '@/components/presence-text';
import { RowLink } from '@/components/row-link';
import { SearchBox } from '@/components/search-box';
import { SelectionBar, useSelection } from '@/components/selection-bar';
import { Time } from '@/components/time';
import { useScopeApp } from '@/lib/app-context';
import type { UserRow } from '@/lib/dal/users';
import { userHref } from '@/lib/domain/app-paths';
import type { UsersBulkKind } from '@/lib/domain/bulk-actions';
import { couldBeAddress } from '@/lib/domain/list-query';
import { addressKey } from '@/lib/domain/search-text';
import { type ListState, useList } from '@/lib/queries/use-list';
import { users } from '@/lib/queries/users';
import { BulkUsers } from './bulk-users';
import { NewUserDialog } from './new-user-dialog';
import { UserFilters, type UsersFilter } from './user-filters';
import { allMatchingText, UsersEmpty } from './users-empty';

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

export function UsersView(props: {
  list: ListState<UsersFilter, UserRow>;
  canCreate: boolean;
  canIssueTokens: boolean;
  /** The bulk actions this role may take: none, no checkboxes. */
  bulk: Readonly<Record<UsersBulkKind, boolean>>;
}) {
  const app = useScopeApp();
  const { filter } = props.list;
  const { q, presence } = filter;
  const list = useList(users, props.list);
  const [creating, setCreating] = useState(false);
  const more = list.table.paging.next !== undefined || list.table.paging.hasPrevious;
  const selection = useSelection(list.table.rows, (u) => u.address, more);
  const clearSelection = selection.clear;
  const selecting = Object.values(props.bulk).some(Boolean);
  const full = list.search !== 'prefix';
  const narrowed = filter.q !== '' || filter.active !== '' || filter.appid !== '';
  const appIds = [...new Set(list.table.rows.flatMap((u) => u.tokens.map((t) => t.appid)))].sort();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <SearchBox
          id="user-search"
          label="Search users"
          placeholder={
            full ? 'Address, name or uid (any case), or * patterns' : 'Address prefix (exact case), or a pattern with *'
          }
          value={q}
          onSearch={(next) => {
            // A new search is another set of users: what was chosen goes.
            clearSelection();
            list.setFilter({ ...filter, q: next });
          }}
        />
        {props.canCreate && (
          <NewUserDialog
            canIssueTokens={props.canIssueTokens}
            keptHere={list.source === 'directory'}
            onOpenChange={setCreating}
          />
        )}
      </div>
      {/* Behind the open New user dialog (inert) the filters are left out: one field named App ID. */}
      {!creating && (
        <UserFilters
          filter={filter}
          full={full}
          presence={list.source === 'directory'}
          appIds={appIds}
          onChange={(next) => {
            clearSelection();
            list.setFilter(next);
          }}
        />
      )}
      <ListSourceNote source={list.source} list="users" />
      {!full && (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="search-note">
          This app's backend is mesibo's own: it finds users by the start of the address in its exact case, in the order
          it created them. Name search, sorting, filters and counts are not offered by that backend.
        </p>
      )}
      {list.source === 'directory' &&
        !presence &&
        couldBeAddress(q) &&
        !list.table.loading &&
        addressKey(list.table.rows[0]?.address ?? '') !== addressKey(q) && (
          <UnknownAddressLink href={userHref(app.id, q)} address={q} />
        )}
      <ListCount count={list.count} noun={['user', 'users']} narrowed={narrowed} />
      {selecting && (
        <SelectionBar
          selected={selection.selected.size}
          all={selection.all ? allMatchingText(list.count, q) : undefined}
          offerAll={selection.offerAll}
          onSelectAll={selection.selectAll}
          onClear={selection.clear}
        >
          <BulkUsers
            target={selection.all ? { search: filter } : { addresses: [...selection.selected] }}
            allowed={props.bulk}
            onDone={selection.clear}
          />
        </SelectionBar>
      )}
      <DataTable
        label="Users"
        caption={`Users${q ? ` matching ${q}` : ''}`}
        columns={columns(app.id)}
        rowKey={(u) => u.address}
        {...list.table}
        // Behind the open New user dialog (inert) the checkboxes are left out too: "Select
        // ….address@…" would share its name with the dialog's Address field.
        selection={selecting && !creating ? selection.table : undefined}
        empty={<UsersEmpty q={q} presence={presence} narrowed={narrowed} full={full} />}
      />
    </div>
  );
}
