'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { PageNumbers, SkipToPages } from '@/components/page-numbers';
import { Panel } from '@/components/panel';
import { SearchBox } from '@/components/search-box';
import { SelectionBar, useSelection } from '@/components/selection-bar';
import { ErrorNotice } from '@/components/ui/states';
import { useScopeApp } from '@/lib/app-context';
import type { MemberRow } from '@/lib/dal/groups';
import { membersApi } from '@/lib/domain/app-paths';
import { MEMBERS_PAGE } from '@/lib/domain/limits';
import type { NumberedPage, PageNumber } from '@/lib/domain/paging';
import { members } from '@/lib/queries/groups';
import { errorOf } from '@/lib/result';
import { AddMembers } from './add-members';
import { BulkMembers } from './bulk-members';
import { MembersTable } from './members-table';

const n = (count: number) => count.toLocaleString('en');

/** What the list says of how it was read: a count of matches, or how far a backend read in order got. */
function readText(q: string, page: NumberedPage<MemberRow>): string {
  const read = page.read;
  if (read && !read.all)
    return `This app's backend cannot ${q ? 'filter' : 'count'} members: the console reads them in order, ${n(read.rows)} so far${q ? ', and filters those' : ''}. Last page reads on to the end.`;
  if (q && page.total !== undefined)
    return `${n(page.total)} member${page.total === 1 ? '' : 's'} whose address starts with “${q}”${read ? ' (filtered here: the backend cannot filter members)' : ''}.`;
  return '';
}

/**
 * A group's members: how many ("Members (10,000)"), a filter by address prefix in any case, 100
 * a page by number with Last page; for editors, a checkbox per row and "all N", Remove N
 * members and Can send / Can receive for them, each row's switches and Remove, and Add members.
 */
export function GroupMembers(props: {
  gid: number;
  initial: NumberedPage<MemberRow>;
  /** The group's member count, where the console knows it. */
  count?: number;
  canEdit: boolean;
  /** Import members, Export CSV: as the role allows. */
  actions?: React.ReactNode;
}) {
  const { gid, canEdit } = props;
  const endpoint = membersApi(useScopeApp().id, gid);
  const [q, setQ] = useState('');
  const [want, setWant] = useState<PageNumber>(1);
  const list = useQuery({
    ...members.page(endpoint, q, want),
    initialData: q === '' && want === 1 ? props.initial : undefined,
  });
  const page = list.data ?? props.initial;
  const pages = page.total === undefined ? undefined : Math.max(1, Math.ceil(page.total / MEMBERS_PAGE));
  const selection = useSelection(page.rows, (m) => m.address, page.more || page.page > 1);
  // The page shown while another loads is the one before: it says nothing of the new filter.
  const settled = !list.isPlaceholderData;
  const groupCount = q === '' && settled ? (page.total ?? props.count) : props.count;
  const count = q === '' ? groupCount : settled ? page.total : undefined;
  const filter = (next: string) => {
    setQ(next);
    setWant(1);
    selection.clear();
  };
  const status = settled ? readText(q, page) : 'Filtering…';
  return (
    <Panel
      id="members"
      title={groupCount === undefined ? 'Members' : `Members (${n(groupCount)})`}
      actions={props.actions}
    >
      <div className="space-y-4">
        {canEdit && <AddMembers gid={gid} />}
        <SearchBox
          id="members-q"
          label="Filter members by address"
          placeholder="Address starts with…"
          value={q}
          onSearch={filter}
        />
        <p role="status" className="text-sm text-slate-600 empty:hidden dark:text-slate-400">
          {status}
        </p>
        {canEdit && (
          <SelectionBar
            selected={selection.selected.size}
            all={
              selection.all
                ? `All ${count === undefined ? '' : `${n(count)} `}members${q ? ` whose address starts with “${q}”` : ''} selected`
                : undefined
            }
            offerAll={selection.offerAll}
            allLabel={`Select all ${count === undefined ? '' : `${n(count)} `}${q ? 'matching members' : 'members'}`}
            onSelectAll={selection.selectAll}
            onClear={selection.clear}
          >
            <BulkMembers
              gid={gid}
              target={selection.all ? { search: { q } } : { addresses: [...selection.selected] }}
              count={selection.all ? count : selection.selected.size}
              onDone={selection.clear}
            />
          </SelectionBar>
        )}
        {(page.more || page.page > 1) && <SkipToPages to="members-pages" />}
        {list.error && <ErrorNotice error={errorOf(list.error, 'The members could not be loaded.')} />}
        <MembersTable
          gid={gid}
          rows={page.rows}
          loading={list.isFetching}
          canEdit={canEdit}
          filtered={q !== ''}
          selection={canEdit ? selection.table : undefined}
        />
        <PageNumbers
          id="members-pages"
          page={page.page}
          pages={pages}
          more={page.more}
          busy={list.isFetching}
          onPage={setWant}
        />
      </div>
    </Panel>
  );
}
