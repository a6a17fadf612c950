'use client';

import { useRouter } from 'next/navigation';
import { text } from '@/components/action-form';
import { FormDialog } from '@/components/form-dialog';
import { TextField } from '@/components/ui/field';
import { useAppAction } from '@/lib/actions/use-action';
import { useScopeApp } from '@/lib/app-context';
import { groupHref } from '@/lib/domain/app-paths';
import { groups } from '@/lib/queries/groups';
import { createGroupAction } from './actions';
import { BehaviourFields, behaviourFrom } from './behaviour-fields';

/** `onOpenChange`: told when the dialog opens and closes (the list leaves its filters out meanwhile). */
export function NewGroupDialog({ onOpenChange }: { onOpenChange?: (open: boolean) => void }) {
  const router = useRouter();
  const app = useScopeApp();
  const create = useAppAction(createGroupAction, {
    invalidates: [groups.all],
    refresh: false,
    success: (group) => `Group ${group.gid} created`,
    onSuccess: (group) => router.push(groupHref(app.id, group.gid)),
  });
  return (
    <FormDialog
      trigger="New group"
      onOpen={() => onOpenChange?.(true)}
      onClose={() => onOpenChange?.(false)}
      title="New group"
      action={create}
      submitLabel="Create group"
      pendingLabel="Creating…"
      toInput={(form) => ({ name: text(form, 'name'), behaviour: behaviourFrom(form) })}
    >
      <TextField
        label="Name"
        name="name"
        required
        maxLength={128}
        autoComplete="off"
        error={create.fieldError('name')}
      />
      <BehaviourFields error={create.fieldError} />
    </FormDialog>
  );
}
