'use client';

import { ActionForm, text } from '@/components/action-form';
import { Panel } from '@/components/panel';
import { SelectField, TextField } from '@/components/ui/field';
import { useAction } from '@/lib/actions/use-action';
import type { AppSummary } from '@/lib/dal/apps';
import { ENVIRONMENT_LABELS, ENVIRONMENTS, type Environment } from '@/lib/domain/apps';
import { saveAppAction } from '../../actions';

/** Rename an app and change its environment. */
export function GeneralForm({ app }: { app: AppSummary }) {
  const save = useAction(saveAppAction, { success: () => 'App saved' });
  return (
    <Panel id="general" title="General">
      <ActionForm
        key={`${app.name}-${app.environment}`}
        action={save}
        submitLabel="Save"
        pendingLabel="Saving…"
        toInput={(form) => ({
          app: app.id,
          name: text(form, 'name'),
          environment: text(form, 'environment') as Environment,
        })}
      >
        <TextField
          label="Name"
          name="name"
          defaultValue={app.name}
          required
          maxLength={64}
          error={save.fieldError('name')}
        />
        <SelectField
          label="Environment"
          name="environment"
          defaultValue={app.environment}
          options={ENVIRONMENTS.map((e) => [e, ENVIRONMENT_LABELS[e]] as const)}
          hint="Production asks for the app's name before anything destructive."
          error={save.fieldError('environment')}
        />
      </ActionForm>
    </Panel>
  );
}
