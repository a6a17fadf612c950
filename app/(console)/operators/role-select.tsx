'use client';

import { useState } from 'react';
import { FormDialog } from '@/components/form-dialog';
import { useAction } from '@/lib/actions/use-action';
import { ROLES, type Role } from '@/lib/console/roles';
import type { OperatorRow } from '@/lib/dal/operators';
import { useHydrated } from '@/lib/use-hydrated';
import { updateOperatorAction } from './actions';

/**
 * An operator's role. Choosing another one (an arrow key is enough) only asks: the change
 * applies after "Change role", and it ends that operator's sessions. Disabled until the page has
 * hydrated: a choice made before would show the new role and ask nothing.
 */
export function RoleSelect({ operator }: { operator: OperatorRow }) {
  const [chosen, setChosen] = useState<Role>();
  const change = useAction(updateOperatorAction, { success: (o) => `${o.email} is now ${o.role}` });
  const hydrated = useHydrated();
  return (
    <>
      <select
        aria-label={`Role of ${operator.email}`}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
        value={chosen ?? operator.role}
        disabled={!hydrated}
        onChange={(e) => setChosen(e.target.value as Role)}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <FormDialog
        open={chosen !== undefined && chosen !== operator.role}
        onClose={() => setChosen(undefined)}
        title="Change role"
        description={`Make ${operator.email} ${chosen} instead of ${operator.role}? Their sessions end now: they sign in again with the new role.`}
        action={change}
        submitLabel="Change role"
        toInput={() => ({ id: operator.id, role: chosen })}
      />
    </>
  );
}
