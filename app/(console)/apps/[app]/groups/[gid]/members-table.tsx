'use client';

import { useState } from 'react';
import { UserLink } from '@/components/app-links';
import { type Column, DataTable } from '@/components/data-table';
import { FormDialog } from '@/components/form-dialog';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/states';
import { useAppAction } from '@/lib/actions/use-action';
import type { MemberRow } from '@/lib/dal/groups';
import { members } from '@/lib/queries/groups';
import { removeMemberAction } from '../actions';
import { PermissionSwitch } from './permission-switch';

/** A page of a group's members: address (linked), name, Can send and Can receive switches, and Remove for editors. */
export function MembersTable(props: {
  gid: number;
  rows: MemberRow[];
  loading: boolean;
  canEdit: boolean;
  filtered: boolean;
  selection?: { selected: ReadonlySet<string>; onChange: (next: Set<string>) => void };
}) {
  const { gid, canEdit } = props;
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
    <>
      <DataTable
        label="Members"
        caption={`Members of group ${gid}`}
        columns={columns}
        rows={props.rows}
        rowKey={(m) => m.address}
        loading={props.loading}
        minWidth="sm:min-w-[30rem]"
        serverRows={25}
        selection={props.selection}
        empty={
          props.filtered ? (
            <EmptyState title="No member's address starts so">Check the spelling, or clear the filter.</EmptyState>
          ) : (
            <EmptyState title="No members yet">{canEdit ? 'Add members by address above.' : undefined}</EmptyState>
          )
        }
      />
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
    </>
  );
}
