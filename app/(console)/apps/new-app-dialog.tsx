'use client';

import Link from 'next/link';
import { useState } from 'react';
import { text } from '@/components/action-form';
import { FormDialog } from '@/components/form-dialog';
import { ProbeResult } from '@/components/probe-result';
import { TokenReveal } from '@/components/token-reveal';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { useAction } from '@/lib/actions/use-action';
import { type AppKind, ENVIRONMENT_LABELS, ENVIRONMENTS, type Environment, KIND_LABELS } from '@/lib/domain/apps';
import { createAppAction } from './actions';
import { useBackendFields } from './backend-fields';

const ENVIRONMENT_OPTIONS = ENVIRONMENTS.map((e) => [e, ENVIRONMENT_LABELS[e]] as const);

/**
 * New app: a bundled one (an app of this server's Backend API: its token is shown once) or
 * a remote one (any mesibo Backend API by URL, with the token it issued, stored encrypted),
 * tested before it is saved: its answer time and ops are shown; one that does not answer is
 * saved only once the admin ticks "Save it anyway".
 */
export function NewAppDialog({ bundledAvailable }: { bundledAvailable: boolean }) {
  const [kind, setKind] = useState<AppKind>(bundledAvailable ? 'bundled' : 'remote');
  const create = useAction(createAppAction, { success: (a) => `App ${a.name} created` });
  const backend = useBackendFields(create);
  const kinds = (bundledAvailable ? (['bundled', 'remote'] as const) : (['remote'] as const)).map(
    (k) => [k, KIND_LABELS[k]] as const,
  );
  return (
    <FormDialog
      trigger="New app"
      title="New app"
      doneTitle="App created"
      action={create}
      submitLabel="Create app"
      pendingLabel={kind === 'remote' ? 'Testing and creating…' : 'Creating…'}
      onClose={backend.reset}
      toInput={(form) => {
        const common = { name: text(form, 'name'), environment: text(form, 'environment') as Environment };
        return kind === 'remote'
          ? {
              kind,
              ...common,
              apiUrl: text(form, 'apiUrl'),
              token: text(form, 'token'),
              saveUnreachable: backend.saveUnreachable(),
            }
          : { kind, ...common };
      }}
      done={(app, close) => (
        <div className="space-y-3">
          {app.probe && (
            <div role="status" className="text-sm">
              <p className="mb-2 break-words">
                Backend API: <span className="font-mono">{app.apiUrl}</span>
              </p>
              <ProbeResult probe={app.probe} />
            </div>
          )}
          {app.token ? (
            <TokenReveal
              token={app.token}
              label="App token"
              about={`App ${app.name}: your servers send it as "token" in every Backend API request; never ship it in an app.`}
              replaces="Rotating the app token replaces it."
              onDone={close}
            />
          ) : (
            <>
              <p className="text-sm">
                The app token is stored encrypted; from now on only its last four characters are shown.
              </p>
              <div className="flex justify-end">
                <Button onClick={close}>Done</Button>
              </div>
            </>
          )}
          <p className="text-sm">
            <Link href={`/apps/${app.id}/settings`} className="text-indigo-700 underline dark:text-indigo-300">
              Open the settings of {app.name}
            </Link>
          </p>
        </div>
      )}
    >
      <TextField
        label="Name"
        name="name"
        required
        maxLength={64}
        autoComplete="off"
        error={create.fieldError('name')}
      />
      <SelectField
        label="Environment"
        name="environment"
        defaultValue="development"
        options={ENVIRONMENT_OPTIONS}
        error={create.fieldError('environment')}
      />
      <SelectField
        label="Kind"
        name="kind"
        value={kind}
        onChange={(e) => setKind(e.target.value as AppKind)}
        options={kinds}
        hint={
          kind === 'bundled'
            ? "An app of this server's own Backend API: its token is made here and shown once."
            : 'Any mesibo Backend API by URL: mesibo’s cloud (https://api.mesibo.com/backend/) or an on-premise one.'
        }
        error={create.fieldError('kind')}
      />
      {kind === 'remote' && backend.fields}
    </FormDialog>
  );
}
