'use server';

import { defineAppAction } from '@/lib/actions/run';
import { changeWebhook, newWebhookSecret, newWebhookUrl } from '@/lib/dal/webhooks';
import { NoInput, WebhookChangeInput } from '@/lib/validations/webhooks';

/** The Webhooks page's changes (admins and operators); the URL's id and the secret never go into the audit log. */
export const changeWebhookAction = defineAppAction(
  {
    name: 'webhook.update',
    permission: 'webhooks.manage',
    input: WebhookChangeInput,
    target: () => 'webhook receiver',
    detail: (i) =>
      [
        i.enabled !== undefined && (i.enabled ? 'turned on' : 'turned off'),
        i.versions && (i.versions === '1' ? 'version 1 only' : 'versions 1 and 2'),
        i.mesiboAid !== undefined && (i.mesiboAid ? `mesibo app id ${i.mesiboAid}` : 'any mesibo app id'),
      ]
        .filter(Boolean)
        .join(', '),
  },
  ({ enabled, versions, mesiboAid }, _operator, app) => changeWebhook(app, { enabled, versions, mesiboAid }),
);

export const newWebhookUrlAction = defineAppAction(
  { name: 'webhook.url.new', permission: 'webhooks.manage', input: NoInput, target: () => 'webhook receiver URL' },
  (_input, _operator, app) => newWebhookUrl(app),
);

export const newWebhookSecretAction = defineAppAction(
  { name: 'webhook.secret.new', permission: 'webhooks.manage', input: NoInput, target: () => 'webhook secret' },
  (_input, _operator, app) => newWebhookSecret(app),
);
