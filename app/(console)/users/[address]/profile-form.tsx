'use client';

import { useState } from 'react';
import { ActionForm } from '@/components/action-form';
import { Panel } from '@/components/panel';
import { Time } from '@/components/time';
import { TextField, Toggle } from '@/components/ui/field';
import { useAction } from '@/lib/actions/use-action';
import type { UserRow } from '@/lib/dal/users';
import { users } from '@/lib/queries/users';
import { saveUserAction } from '../actions';

/** Name and the Active switch; Save sends only what changed and what the role may change. */
export function ProfileForm({ user, canEdit, canActivate }: { user: UserRow; canEdit: boolean; canActivate: boolean }) {
  const [name, setName] = useState(user.name);
  const [active, setActive] = useState(user.active);
  const save = useAction(saveUserAction, { invalidates: [users.all], success: () => 'Saved' });
  const fields = (
    <>
      <TextField
        label="Name"
        value={name}
        maxLength={128}
        onChange={(e) => setName(e.target.value)}
        disabled={!canEdit}
        error={save.fieldError('name')}
      />
      <Toggle
        label="Active"
        asSwitch
        checked={active}
        onChange={(e) => setActive(e.target.checked)}
        disabled={!canActivate}
      />
      <p className="text-xs text-slate-500 dark:text-slate-400">
        uid {user.uid}
        {user.created ? (
          <>
            {' '}
            · created <Time ts={user.created} />
          </>
        ) : null}
      </p>
    </>
  );
  return (
    <Panel id="profile" title="Profile">
      {canEdit || canActivate ? (
        <ActionForm
          action={save}
          submitLabel="Save"
          pendingLabel="Saving…"
          disabled={name === user.name && active === user.active}
          toInput={() => ({
            address: user.address,
            ...(canEdit && name !== user.name ? { name } : {}),
            ...(canActivate && active !== user.active ? { active } : {}),
          })}
        >
          {fields}
        </ActionForm>
      ) : (
        <div className="space-y-3">{fields}</div>
      )}
    </Panel>
  );
}
