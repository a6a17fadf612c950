'use client';

import { text } from '@/components/action-form';
import { FormDialog } from '@/components/form-dialog';
import { NewPasswordField, SelectField, TextField } from '@/components/ui/field';
import { useAction } from '@/lib/actions/use-action';
import { ROLES, type Role } from '@/lib/console/roles';
import { createOperatorAction } from './actions';

export function NewOperatorDialog() {
  const create = useAction(createOperatorAction, { success: (o) => `Operator ${o.email} created` });
  return (
    <FormDialog
      trigger="New operator"
      title="New operator"
      action={create}
      submitLabel="Create operator"
      toInput={(form) => ({
        email: text(form, 'email'),
        name: text(form, 'name'),
        role: text(form, 'role') as Role,
        password: text(form, 'password'),
      })}
    >
      <TextField
        label="Email"
        name="email"
        type="email"
        required
        autoComplete="off"
        error={create.fieldError('email')}
      />
      <TextField label="Name" name="name" autoComplete="off" error={create.fieldError('name')} />
      <SelectField label="Role" name="role" defaultValue="support" options={ROLES.map((r) => [r, r] as const)} />
      <NewPasswordField
        label="Password"
        error={create.fieldError('password')}
        hint="At least 12 characters. Share it with the operator safely."
      />
    </FormDialog>
  );
}
