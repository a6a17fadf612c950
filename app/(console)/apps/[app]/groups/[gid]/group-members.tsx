'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { UserLink } from '@/components/app-links';
import { type Column, DataTable } from '@/components/data-table';
import { FormDialog } from '@/components/form-dialog';
import { Panel } from '@/components/panel';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/states';
import { useAppAction } from '@/lib/actions/use-action';
import { useScopeApp } from '@/lib/app-context';
import type { MemberRow } from '@/lib/dal/groups';
import { membersApi } from '@/lib/domain/app-paths';
import { members } from '@/lib/queries/groups';
import type { Page } from '@/lib/queries/list';
import { removeMemberAction } from '../actions';
import { AddMembers } from './add-members';
import { PermissionSwitch } from './permission-switch';

/** The group's members, 100 at a time with Load more; switches and Remove for editors. */
export function GroupMembers({
  gid,
  initial,
  canEdit,
  actions,
}: {
  gid: number;
  initial: Page<MemberRow>;
  canEdit: boolean;
  /** Import members, Export CSV: as the role allows. */
  actions?: React.ReactNode;
}) {
  const endpoint = membersApi(useScopeApp().id, gid);
  const list = useInfiniteQuery({
    queryKey: [...members.all, endpoint],
    queryFn: ({ pageParam }) => members.fetchPage(endpoint, {}, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next,
    initialData: { pages: [initial], pageParams: [undefined] },
  });
  const rows = list.data?.pages.flatMap((p) => p.rows) ?? [];
  const [removing, setRemoving] = useState<string>();
  const remove = useAppAction(removeMemberAction, {
    invalidates: [members.all],
    success: ({ address }) => `${address} removed from the group`,
  });
  const columns: Column<MemberRow>[] = [
    {
      header: 'Address',
      cell: (m) => (
        <>
          <UserLink address={m.address} />
          {m.admin && <span className="ml-1 text-xs text-slate-500 dark:text-slate-400">(admin)</span>}
        </>
      ),
    },
    { header: 'Name', cell: (m) => m.name || '—' },
    ...(['send', 'recv'] as const).map(
      (which): Column<MemberRow> => ({
        header: which === 'send' ? 'Send' : 'Receive',
        cell: (m) => (
          <PermissionSwitch
            gid={gid}
            address={m.address}
            which={which}
            value={m.permissions[which]}
            disabled={!canEdit}
          />
        ),
      }),
    ),
  ];
  if (canEdit)
    columns.push({
      header: 'Actions',
      srHeader: true,
      className: 'text-right',
      cell: (m) => (
        <Button variant="ghost" onClick={() => setRemoving(m.address)}>
          Remove
        </Button>
      ),
    });
  return (
    <Panel id="members" title="Members" actions={actions}>
      <div className="space-y-4">
        {canEdit && <AddMembers gid={gid} />}
        <DataTable
          label="Members"
          caption={`Members of group ${gid}`}
          columns={columns}
          rows={rows}
          rowKey={(m) => String(m.uid)}
          loading={list.isFetching}
          minWidth="sm:min-w-[30rem]"
          empty={
            <EmptyState title="No members yet">{canEdit ? 'Add members by address above.' : undefined}</EmptyState>
          }
        />
        {list.hasNextPage && (
          <Button variant="secondary" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            Load more members
          </Button>
        )}
      </div>
      <FormDialog
        open={removing !== undefined}
        onClose={() => setRemoving(undefined)}
        title="Remove member"
        description={`Remove ${removing} from group ${gid}? They stop receiving its messages.`}
        action={remove}
        submitLabel="Remove"
        danger
        toInput={() => ({ gid, address: removing ?? '' })}
      />
    </Panel>
  );
}
