'use client';

import { type Column, DataTable } from '@/components/data-table';
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

export function GroupsView(props: { list: ListState<{ q: string }, GroupRow>; canCreate: boolean }) {
  const app = useScopeApp();
  const { q } = props.list.filter;
  const list = useList(groups, props.list);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <SearchBox
          id="group-search"
          label="Search groups"
          placeholder="Name prefix, or a pattern with *"
          value={q}
          onSearch={(next) => list.setFilter({ q: next })}
        />
        {props.canCreate && <NewGroupDialog />}
      </div>
      <ListSourceNote source={list.source} list="groups" />
      <DataTable
        label="Groups"
        caption={`Groups${q ? ` matching ${q}` : ''}`}
        columns={columns(app.id)}
        rowKey={(g) => String(g.gid)}
        {...list.table}
        minWidth="sm:min-w-[36rem]"
        empty={
          <EmptyState title={q ? `No groups match “${q}”` : 'No groups yet'}>
            {q ? 'Try a shorter prefix.' : 'Create one with “New group”.'}
          </EmptyState>
        }
      />
    </div>
  );
}
