'use client';

import { useState } from 'react';
import { ActionForm, text } from '@/components/action-form';
import { Panel } from '@/components/panel';
import { Time } from '@/components/time';
import { TextField } from '@/components/ui/field';
import { useAppAction } from '@/lib/actions/use-action';
import type { UserRow } from '@/lib/dal/users';
import { users } from '@/lib/queries/users';
import { saveUserAction } from '../actions';
import { ActiveSwitch } from './active-switch';

/**
 * The user's name (Save applies to it only) and the Active switch, which saves by itself.
 * What the role may not change is shown disabled, with the reason.
 */
export function ProfileForm({ user, canEdit, canActivate }: { user: UserRow; canEdit: boolean; canActivate: boolean }) {
  const [name, setName] = useState(user.name);
  const save = useAppAction(saveUserAction, { invalidates: [users.all], success: () => 'Saved' });
  const nameField = (
    <TextField
      label="Name"
      name="name"
      value={name}
      maxLength={128}
      onChange={(e) => setName(e.target.value)}
      disabled={!canEdit}
      hint={canEdit ? undefined : 'Only operators and admins can rename users.'}
      error={save.fieldError('name')}
    />
  );
  return (
    <Panel id="profile" title="Profile">
      <div className="space-y-3">
        {canEdit ? (
          <ActionForm
            action={save}
            submitLabel="Save"
            pendingLabel="Saving…"
            disabled={name === user.name}
            toInput={(form) => ({ address: user.address, name: text(form, 'name') })}
          >
            {nameField}
          </ActionForm>
        ) : (
          nameField
        )}
        <ActiveSwitch user={user} canActivate={canActivate} />
        <p className="text-xs text-slate-500 dark:text-slate-400">
          {/* From the directory, "created" would be when the console learned of the user: said above the page instead. */}
          {user.uid ? `uid ${user.uid}` : 'uid not known yet (the backend has not said it)'}
          {user.created && user.learned === undefined ? (
            <>
              {' '}
              · created <Time ts={user.created} />
            </>
          ) : null}
        </p>
      </div>
    </Panel>
  );
}
