'use client';

import { FormDialog } from '@/components/form-dialog';
import { Panel } from '@/components/panel';
import { useTypedConfirmation } from '@/components/typed-confirmation';
import { Button } from '@/components/ui/button';
import { useAction } from '@/lib/actions/use-action';
import type { AppSummary } from '@/lib/dal/apps';
import { STATE_LABELS } from '@/lib/domain/apps';
import { setAppEnabledAction } from '../../actions';

/** Disable app (asks first; in Production, the app's name must be typed) and Enable app. */
export function AppState({ app }: { app: AppSummary }) {
  const change = useAction(setAppEnabledAction, {
    success: (a) => `${a.name} is now ${STATE_LABELS[a.state].toLowerCase()}`,
    toastErrors: true,
  });
  const confirm = useTypedConfirmation(
    app.environment === 'production' ? app.name : undefined,
    "Type the app's name to confirm",
  );
  const effect =
    app.kind === 'bundled'
      ? 'Its Backend API refuses every request with APPDISABLED until it is enabled again; the console can still manage it.'
      : 'The console stops calling its backend until it is enabled again; the backend itself is not changed.';
  return (
    <Panel id="state" title="State">
      <p className="mb-3 text-sm">
        {STATE_LABELS[app.state]}
        {app.state === 'breach' && ': rotating the app token enables it again.'}
      </p>
      {app.state === 'enabled' ? (
        <FormDialog
          trigger="Disable app"
          triggerVariant="danger"
          title="Disable app"
          description={`Disable ${app.name}? ${effect}`}
          action={change}
          danger
          submitLabel="Disable app"
          disabled={!confirm.confirmed}
          onClose={confirm.reset}
          toInput={() => ({ app: app.id, enabled: false, confirm: confirm.typed })}
        >
          {confirm.field}
        </FormDialog>
      ) : app.state === 'breach' ? null : (
        // After a breach the token has leaked: enabling it as it is would let it in again, so
        // the way back is Rotate app token (which enables the app with a new one).
        <Button disabled={change.pending} onClick={() => change.run({ app: app.id, enabled: true })}>
          Enable app
        </Button>
      )}
    </Panel>
  );
}
