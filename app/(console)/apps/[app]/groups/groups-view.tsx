'use client';

import { useState } from 'react';
import { type Column, DataTable } from '@/components/data-table';
import { ListCount } from '@/components/list-count';
import { ListSourceNote } from '@/components/list-source-note';
import { RowLink } from '@/components/row-link';
import { SearchBox } from '@/components/search-box';
import { EmptyState } from '@/components/ui/states';
import { useScopeApp } from '@/lib/app-context';
import type { GroupRow } from '@/lib/dal/groups';
import { groupHref } from '@/lib/domain/app-paths';
import { flagWords } from '@/lib/domain/group-flags';
import { groups } from '@/lib/queries/groups';
import { type ListState, useList } from '@/lib/queries/use-list';
import { GroupFilters, type GroupsFilter } from './group-filters';
import { NewGroupDialog } from './new-group-dialog';

const columns = (app: number): Column<GroupRow>[] => [
  { header: 'Gid', className: 'tabular-nums', cell: (g) => <RowLink href={groupHref(app, g.gid)}>{g.gid}</RowLink> },
  {
    header: 'Name',
    cell: (g) => (
      <>
        <RowLink href={groupHref(app, g.gid)}>{g.name || '(no name)'}</RowLink>
        {!g.active && <span className="ml-2 text-xs text-amber-700">inactive</span>}
      </>
    ),
  },
  { header: 'Flags', cell: (g) => flagWords(g.flags).join('; ') || 'Normal: members send and receive' },
  { header: 'Members', className: 'tabular-nums', cell: (g) => g.members.toLocaleString('en-US') },
];

export function GroupsView(props: { list: ListState<GroupsFilter, GroupRow>; canCreate: boolean }) {
  const app = useScopeApp();
  const { filter } = props.list;
  const { q } = filter;
  const list = useList(groups, props.list);
  const [creating, setCreating] = useState(false);
  const full = list.search !== 'prefix';
  const narrowed = q !== '' || filter.send !== '' || filter.delivery !== '';
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <SearchBox
          id="group-search"
          label="Search groups"
          placeholder={full ? 'Words of the name (any case), gid, or * patterns' : 'Name prefix, or a pattern with *'}
          value={q}
          onSearch={(next) => list.setFilter({ ...filter, q: next })}
        />
        {props.canCreate && <NewGroupDialog onOpenChange={setCreating} />}
      </div>
      {/* Behind the open New group dialog (inert) the filters are left out: one Who can send, one Delivery. */}
      {full && !creating && <GroupFilters filter={filter} onChange={list.setFilter} />}
      <ListSourceNote source={list.source} list="groups" />
      {!full && (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="search-note">
          This app's backend is mesibo's own: it finds groups by the start of the name in its exact case. Word search,
          sorting, filters and counts are not offered by that backend.
        </p>
      )}
      <ListCount count={list.count} noun={['group', 'groups']} narrowed={narrowed} />
      <DataTable
        label="Groups"
        caption={`Groups${q ? ` matching ${q}` : ''}`}
        columns={columns(app.id)}
        rowKey={(g) => String(g.gid)}
        {...list.table}
        minWidth="sm:min-w-[36rem]"
        empty={
          <EmptyState title={narrowed ? `No groups match${q ? ` “${q}”` : ' these filters'}` : 'No groups yet'}>
            {narrowed
              ? full
                ? 'Try fewer letters, another word of the name, or Clear the filters.'
                : 'Try a shorter prefix, mind the case, or use * as a wildcard.'
              : 'Create one with “New group”.'}
          </EmptyState>
        }
      />
    </div>
  );
}
