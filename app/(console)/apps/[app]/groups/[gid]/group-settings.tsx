'use client';

import { ActionForm, text } from '@/components/action-form';
import { Panel } from '@/components/panel';
import { TextField } from '@/components/ui/field';
import { useAppAction } from '@/lib/actions/use-action';
import type { GroupRow } from '@/lib/dal/groups';
import { flagConflicts } from '@/lib/domain/group-flags';
import { groups } from '@/lib/queries/groups';
import { saveGroupAction } from '../actions';
import { BehaviourFields, behaviourFrom } from '../behaviour-fields';

const READ_ONLY = 'Only operators and admins can change group settings.';

/**
 * Name and behaviour. Flags the console does not know are kept as they are; flags that
 * contradict each other (set through the API) are named, and saving resolves them.
 */
export function GroupSettings({ group, canEdit }: { group: GroupRow; canEdit: boolean }) {
  const save = useAppAction(saveGroupAction, { invalidates: [groups.all], success: () => 'Group saved' });
  const conflicts = flagConflicts(group.flags);
  const fields = (
    <>
      {conflicts.length > 0 && (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          <p className="font-medium">This group's stored flags contradict each other.</p>
          {conflicts.map((c) => (
            <p key={c} className="mt-1">
              {c}
            </p>
          ))}
          <p className="mt-1">
            {canEdit
              ? 'The form shows what mesibo applies; Save stores exactly that.'
              : 'An operator or admin can resolve it by saving the settings.'}
          </p>
        </div>
      )}
      <TextField
        label="Name"
        name="name"
        defaultValue={group.name}
        maxLength={128}
        disabled={!canEdit}
        error={save.fieldError('name')}
      />
      <BehaviourFields flags={group.flags} disabled={!canEdit} error={save.fieldError} />
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
            behaviour: behaviourFrom(form),
            keep: group.flags,
          })}
        >
          {fields}
        </ActionForm>
      ) : (
        <div className="space-y-4">
          <p className="text-sm text-slate-600 dark:text-slate-400">{READ_ONLY}</p>
          {fields}
        </div>
      )}
    </Panel>
  );
}
