'use client';

import { CopyField } from '@/components/copy-field';
import { FormDialog } from '@/components/form-dialog';
import { Panel } from '@/components/panel';
import { Time } from '@/components/time';
import { Button } from '@/components/ui/button';
import { useAppAction } from '@/lib/actions/use-action';
import type { WebhookView } from '@/lib/dal/webhooks';
import { changeWebhookAction, newWebhookSecretAction, newWebhookUrlAction } from './actions';
import { TestDelivery } from './test-delivery';
import { WebhookOptions } from './webhook-options';

/**
 * The app's receiver: on or off, the last delivery; for admins and operators its URL and
 * secret to paste into mesibo's console, Turn on / Turn off, New URL and New secret (each asks
 * first: the old one stops at once).
 */
export function WebhookSettings({ view }: { view: WebhookView }) {
  const toggle = useAppAction(changeWebhookAction, {
    success: (c) => (c.enabled ? 'Webhooks turned on' : 'Webhooks turned off: the URL answers 404'),
    toastErrors: true,
  });
  const newUrl = useAppAction(newWebhookUrlAction, { success: () => 'New URL made: the old one stopped' });
  const newSecret = useAppAction(newWebhookSecretAction, { success: () => 'New secret made: the old one stopped' });
  const m = view.manage;
  return (
    <Panel id="receiver" title="Receiver">
      <div className="space-y-4 text-sm">
        <p role="status">
          <span className="font-medium">{view.enabled ? 'On' : 'Off'}</span>
          {view.enabled ? ': mesibo may post to the URL below.' : ': the URL answers 404.'} Last delivery:{' '}
          {view.lastDeliveryTs ? <Time ts={Math.floor(view.lastDeliveryTs / 1000)} /> : 'none yet'}.
        </p>
        {!m ? (
          <p className="text-slate-600 dark:text-slate-400">
            Only admins and operators see the receiver's URL and secret: either lets anyone post to this app.
          </p>
        ) : (
          <>
            {m.notReachable && (
              <p
                role="note"
                className="rounded-md bg-amber-50 p-2 text-amber-900 dark:bg-amber-950 dark:text-amber-100"
              >
                This console's address is plain http or a local name: mesibo's cloud calls only an HTTPS URL with a
                valid host name. Set NEXTAUTH_URL to the console's public https address.
              </p>
            )}
            <CopyField label="Receiver URL" value={m.receiverUrl} about="Its id is a credential: keep it private." />
            <CopyField
              label="Secret"
              value={m.secret}
              about="Version 1 deliveries carry it in their body; version 2 carries none."
            />
            <ol className="list-inside list-decimal space-y-1 text-slate-700 dark:text-slate-300">
              <li>In mesibo's console, open your app, then App Settings → Webhook.</li>
              <li>Paste the Receiver URL as the webhook URL, and choose the events (users online and offline).</li>
              <li>Paste the Secret as the webhook secret, save, and turn webhooks on here.</li>
            </ol>
            <div className="flex flex-wrap gap-2">
              <Button
                variant={view.enabled ? 'secondary' : 'primary'}
                disabled={toggle.pending}
                onClick={() => toggle.run({ enabled: !view.enabled })}
              >
                {view.enabled ? 'Turn off' : 'Turn on'}
              </Button>
              <FormDialog
                trigger="New URL"
                triggerVariant="ghost"
                title="New URL"
                description="Make a new receiver URL? The old one stops at once: paste the new one into mesibo's console."
                action={newUrl}
                toInput={() => ({})}
                submitLabel="Make a new URL"
              />
              <FormDialog
                trigger="New secret"
                triggerVariant="ghost"
                title="New secret"
                description="Make a new secret? Version 1 deliveries with the old one are refused from now on: paste the new one into mesibo's console."
                action={newSecret}
                toInput={() => ({})}
                submitLabel="Make a new secret"
              />
            </div>
            <TestDelivery />
            <WebhookOptions versions={m.versions} mesiboAid={m.mesiboAid} />
          </>
        )}
      </div>
    </Panel>
  );
}
