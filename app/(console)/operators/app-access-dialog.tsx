'use client';

import { useState } from 'react';
import { text } from '@/components/action-form';
import { FormDialog } from '@/components/form-dialog';
import { Toggle } from '@/components/ui/field';
import { useAction } from '@/lib/actions/use-action';
import type { OperatorRow } from '@/lib/dal/operators';
import { ENVIRONMENT_LABELS, type Environment } from '@/lib/domain/apps';
import { setOperatorAppsAction } from './actions';

export type AppChoice = { id: number; name: string; environment: Environment };

/** What the Apps column says of an operator's access. */
export function accessWords(o: Pick<OperatorRow, 'apps' | 'role'>, apps: AppChoice[]): string {
  if (o.apps === 'all') return o.role === 'admin' ? 'All apps (admin)' : 'All apps';
  return o.apps.map((id) => apps.find((a) => a.id === id)?.name || `App ${id}`).join(', ') || 'None';
}

/**
 * App access, opened from an operator's row: every app (also those added later), or only the
 * apps ticked. The operator's sessions end, so the change holds from its next request.
 */
export function AppAccessDialog(props: { operator?: OperatorRow; apps: AppChoice[]; onClose: () => void }) {
  const { operator } = props;
  const save = useAction(setOperatorAppsAction, { success: (o) => `App access of ${o.email} saved` });
  const [some, setSome] = useState<boolean>();
  const limited = some ?? (operator !== undefined && operator.apps !== 'all');
  const problem = save.fieldError('apps');
  return (
    <FormDialog
      open={operator !== undefined}
      onClose={() => {
        setSome(undefined);
        props.onClose();
      }}
      title="App access"
      description={`Which apps ${operator?.email} may use. Their current sessions end.`}
      action={save}
      submitLabel="Save app access"
      toInput={(form) => ({
        id: operator?.id ?? 0,
        access: text(form, 'access') === 'some' ? ('some' as const) : ('all' as const),
        apps: form.getAll('apps').map(Number),
      })}
    >
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-medium">Apps</legend>
        <Toggle
          type="radio"
          name="access"
          value="all"
          label="Every app, also apps added later"
          checked={!limited}
          onChange={() => setSome(false)}
        />
        <Toggle
          type="radio"
          name="access"
          value="some"
          label="Only the apps ticked below"
          checked={limited}
          onChange={() => setSome(true)}
        />
        <ul className="ml-6 space-y-1" aria-label="Apps this operator may use">
          {props.apps.map((a, i) => (
            <li key={a.id}>
              <Toggle
                name="apps"
                value={a.id}
                label={`${a.name || `App ${a.id}`} · ${ENVIRONMENT_LABELS[a.environment]}`}
                disabled={!limited}
                defaultChecked={operator?.apps !== 'all' && operator?.apps.includes(a.id)}
                aria-invalid={problem && i === 0 ? true : undefined}
                aria-describedby={problem ? 'app-access-error' : undefined}
              />
            </li>
          ))}
        </ul>
        {problem && (
          <p id="app-access-error" className="text-xs text-red-600 dark:text-red-400">
            {typeof problem === 'string' ? problem : problem.message}
          </p>
        )}
      </fieldset>
    </FormDialog>
  );
}
