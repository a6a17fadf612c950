'use client';

import { text } from '@/components/action-form';
import { FormDialog } from '@/components/form-dialog';
import { Panel } from '@/components/panel';
import { ProbeResult } from '@/components/probe-result';
import { Button } from '@/components/ui/button';
import { ErrorNotice } from '@/components/ui/states';
import { useAction } from '@/lib/actions/use-action';
import type { AppSummary } from '@/lib/dal/apps';
import { moveAppAction, testConnectionAction } from '../../actions';
import { useBackendFields } from '../../backend-fields';

/**
 * A remote app's connection: its Backend API URL as the console reads it (where the token
 * goes), Test connection (whether the backend answers, how fast, which optional ops it
 * offers), and Change URL, which needs the app token typed again and tests the new URL
 * first. A disabled app is not called, so it cannot be tested.
 */
export function TestConnection({ app }: { app: AppSummary }) {
  const test = useAction(testConnectionAction, { refresh: false });
  const move = useAction(moveAppAction, { success: () => 'Backend API URL changed' });
  const backend = useBackendFields(move, app.apiUrl);
  const disabled = app.state !== 'enabled';
  const fromEnv = Boolean(app.tokenFromEnv);
  return (
    <Panel id="connection" title="Connection">
      <p className="mb-3 text-sm break-words">
        Backend API: <span className="font-mono">{app.apiUrl}</span>
      </p>
      {disabled && (
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
          This app is disabled, so the console does not call its backend: enable it to test the connection.
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" disabled={test.pending || disabled} onClick={() => test.run({ app: app.id })}>
          {test.pending ? 'Testing…' : 'Test connection'}
        </Button>
        {!fromEnv && (
          <FormDialog
            trigger="Change URL"
            triggerVariant="ghost"
            title="Change Backend API URL"
            doneTitle="Backend API URL changed"
            description="Type the app token again: a stored token is never sent to a new address. The new URL is tested before it is saved."
            action={move}
            submitLabel="Change URL"
            pendingLabel="Testing…"
            onClose={backend.reset}
            toInput={(form) => ({
              app: app.id,
              apiUrl: text(form, 'apiUrl'),
              token: text(form, 'token'),
              saveUnreachable: backend.saveUnreachable(),
            })}
            done={(moved, close) => (
              <div role="status" className="space-y-3 text-sm">
                <p className="break-words">
                  Backend API: <span className="font-mono">{moved.apiUrl}</span>
                </p>
                <ProbeResult probe={moved.probe} />
                <div className="flex justify-end">
                  <Button onClick={close}>Done</Button>
                </div>
              </div>
            )}
          >
            {backend.fields}
          </FormDialog>
        )}
      </div>
      {fromEnv && (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
          Its URL comes from MESIBO_API_URL: change it in the environment and restart the server.
        </p>
      )}
      {test.error && (
        <div className="mt-3">
          <ErrorNotice error={test.error} />
        </div>
      )}
      <div role="status" className="mt-3 text-sm">
        {test.data && <ProbeResult probe={test.data} />}
      </div>
    </Panel>
  );
}
