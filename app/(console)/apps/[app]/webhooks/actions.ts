'use server';

import { defineAppAction } from '@/lib/actions/run';
import {
  applyDeliveryAgain,
  changeWebhook,
  newWebhookSecret,
  newWebhookUrl,
  sendTestDelivery,
} from '@/lib/dal/webhooks';
import { DeliveryRef, NoInput, WebhookChangeInput } from '@/lib/validations/webhooks';

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

/** Send test delivery: the answer the receiver gave (a test delivery is listed and changes no user). */
export const sendTestDeliveryAction = defineAppAction(
  {
    name: 'webhook.test',
    permission: 'webhooks.manage',
    input: NoInput,
    target: () => 'webhook receiver',
    detail: (_i, r) => {
      const a = r as { status: number; text: string };
      return `answered ${a.status}: ${a.text}`;
    },
  },
  (_input, _operator, app) => sendTestDelivery(app),
);

/** Apply again: a stored delivery's presence re-applied under the same ordering rule. */
export const applyAgainAction = defineAppAction(
  {
    name: 'webhook.apply',
    permission: 'webhooks.manage',
    input: DeliveryRef,
    target: (i) => `webhook delivery ${i.id}`,
    detail: (_i, r) => `${(r as { changes: number }).changes} changes`,
  },
  ({ id }, _operator, app) => applyDeliveryAgain(app, id),
);
