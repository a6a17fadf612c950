'use client';

import { text } from '@/components/action-form';
import { FormDialog } from '@/components/form-dialog';
import { Panel } from '@/components/panel';
import { TokenReveal } from '@/components/token-reveal';
import { useTypedConfirmation } from '@/components/typed-confirmation';
import { useAction } from '@/lib/actions/use-action';
import type { AppSummary } from '@/lib/dal/apps';
import { replaceAppTokenAction, rotateAppTokenAction } from '../../actions';
import { AppTokenField } from '../../app-token-field';

const TYPE_NAME = "Type the app's name to confirm";

/**
 * The app token: a bundled app's is rotated here (the new one shown once, the old one
 * refused at once); a remote app's is replaced by the one its backend issued. A token that
 * comes from the environment is changed there, and the panel says so.
 */
export function AppToken({ app }: { app: AppSummary }) {
  const rotate = useAction(rotateAppTokenAction, { success: () => 'App token rotated' });
  const replace = useAction(replaceAppTokenAction, { success: () => 'App token replaced' });
  const confirm = useTypedConfirmation(app.environment === 'production' ? app.name : undefined, TYPE_NAME);
  return (
    <Panel id="token" title="App token">
      {app.kind === 'remote' && (
        <p className="mb-3 text-sm">
          Stored encrypted, ending in <span className="font-mono">…{app.tokenLast4 || '????'}</span>.
        </p>
      )}
      {app.tokenFromEnv ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          This app's token comes from {app.tokenFromEnv}, so it cannot be changed here: the next start would restore it.
          Set the new token in the environment (npm run backend -- new-token prints one) and restart the server.
        </p>
      ) : app.kind === 'bundled' ? (
        <FormDialog
          trigger="Rotate app token"
          triggerVariant="danger"
          title="Rotate app token"
          doneTitle="New app token"
          description={`${app.name} gets a new app token. The old one stops working at once: app servers still using it get AUTHFAIL until they have the new one.${app.state === 'breach' ? ' The app is enabled again.' : ''}`}
          action={rotate}
          danger
          submitLabel="Rotate app token"
          disabled={!confirm.confirmed}
          onClose={confirm.reset}
          toInput={() => ({ app: app.id, confirm: confirm.typed })}
          done={(rotated, close) => (
            <TokenReveal
              token={rotated.token}
              label="App token"
              about={`App ${rotated.name}: deploy it to your app servers now; the old token no longer works.`}
              replaces="Rotating again replaces it."
              onDone={close}
            />
          )}
        >
          {confirm.field}
        </FormDialog>
      ) : (
        <FormDialog
          trigger="Replace app token"
          triggerVariant="danger"
          title="Replace app token"
          description={`The console calls ${app.name}'s backend with the new token from now on.`}
          action={replace}
          danger
          submitLabel="Replace app token"
          disabled={!confirm.confirmed}
          onClose={confirm.reset}
          toInput={(form) => ({ app: app.id, token: text(form, 'token'), confirm: confirm.typed })}
        >
          <AppTokenField error={replace.fieldError('token')} />
          {confirm.field}
        </FormDialog>
      )}
    </Panel>
  );
}
