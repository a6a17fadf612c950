'use client';

import { ActionForm, text } from '@/components/action-form';
import { Panel } from '@/components/panel';
import { TextField } from '@/components/ui/field';
import { useAction } from '@/lib/actions/use-action';
import type { GroupRow } from '@/lib/dal/groups';
import { groups } from '@/lib/queries/groups';
import { saveGroupAction } from '../actions';
import { checkedFlags, FlagFields } from '../flag-fields';

/** Name and behaviour flags; the group's unknown flag bits are kept as they are. */
export function GroupSettings({ group, canEdit }: { group: GroupRow; canEdit: boolean }) {
  const save = useAction(saveGroupAction, { invalidates: [groups.all], success: () => 'Group saved' });
  const fields = (
    <>
      <TextField
        label="Name"
        name="name"
        defaultValue={group.name}
        maxLength={128}
        disabled={!canEdit}
        error={save.fieldError('name')}
      />
      <FlagFields flags={group.flags} disabled={!canEdit} />
      {!group.active && <p className="text-sm text-amber-700">This group is inactive: nobody can send to it.</p>}
    </>
  );
  return (
    <Panel id="settings" title="Settings">
      {canEdit ? (
        <ActionForm
          key={`${group.name}-${group.flags}`}
          action={save}
          submitLabel="Save"
          pendingLabel="Saving…"
          className="space-y-4"
          toInput={(form) => ({
            gid: group.gid,
            name: text(form, 'name'),
            flags: checkedFlags(form),
            keep: group.flags,
          })}
        >
          {fields}
        </ActionForm>
      ) : (
        <div className="space-y-4">{fields}</div>
      )}
    </Panel>
  );
}
