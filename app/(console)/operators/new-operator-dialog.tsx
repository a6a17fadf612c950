'use client';

import { text } from '@/components/action-form';
import { FormDialog } from '@/components/form-dialog';
import { NewPasswordField, TextField } from '@/components/ui/field';
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
      <div>
        <label htmlFor="new-operator-role" className="mb-1 block text-sm font-medium">
          Role
        </label>
        <select
          id="new-operator-role"
          name="role"
          defaultValue="support"
          className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <NewPasswordField
        label="Password"
        error={create.fieldError('password')}
        hint="At least 12 characters. Share it with the operator safely."
      />
    </FormDialog>
  );
}
