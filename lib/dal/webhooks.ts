import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import type { AppAccess } from '@/lib/console/app-access';
import { can } from '@/lib/console/roles';
import type { DeliveryRow } from '@/lib/console/webhooks';
import { WEBHOOK_PREFIX } from '@/lib/domain/app-paths';
import type { Page } from '@/lib/domain/paging';
import { consoleOrigin } from '@/lib/env';
import { webhookStore } from '@/lib/server/webhooks';

export type { DeliveryRow };

/**
 * An app's webhook receiver and its deliveries. Everyone who may see the app sees whether it is
 * on and what was delivered; only admins and operators (webhooks.manage) see its URL and secret
 * (either lets anyone post to the directory) and change it.
 */
export interface WebhookView {
  enabled: boolean;
  lastDeliveryTs: number;
  /** For webhooks.manage only. */
  manage?: {
    receiverUrl: string;
    secret: string;
    versions: '1' | '1,2';
    mesiboAid: string;
    /** The console's own address is http or a loopback name: mesibo's cloud cannot call it. */
    notReachable: boolean;
  };
}

const PAGE = 25;

export async function readWebhook(app: AppAccess): Promise<WebhookView> {
  const operator = await requirePermission('webhooks.view');
  const store = await webhookStore();
  const s = await store.settings(app.id);
  const view: WebhookView = { enabled: s.enabled, lastDeliveryTs: s.lastDeliveryTs };
  if (!can(operator.role, 'webhooks.manage')) return view;
  const origin = consoleOrigin();
  const host = new URL(origin).hostname;
  return {
    ...view,
    manage: {
      receiverUrl: `${origin}${WEBHOOK_PREFIX}${s.hookId}`,
      secret: s.secret,
      versions: s.versions,
      mesiboAid: s.mesiboAid,
      notReachable:
        origin.startsWith('http://') ||
        ['localhost', '127.0.0.1', '[::1]', '0.0.0.0'].includes(host) ||
        host.endsWith('.localhost') ||
        !host.includes('.'),
    },
  };
}

export async function listDeliveries(
  app: AppAccess,
  filter: { address: string; type: string; result: '' | 'accepted' | 'refused' },
  cursor?: string,
): Promise<Page<DeliveryRow>> {
  await requirePermission('webhooks.view');
  const page = await (await webhookStore()).list(
    app.id,
    { address: filter.address || undefined, type: filter.type || undefined, result: filter.result || undefined },
    cursor ? Number(cursor) : undefined,
    PAGE,
  );
  return { rows: page.rows, next: page.next?.toString() };
}

export async function changeWebhook(
  app: AppAccess,
  change: { enabled?: boolean; versions?: '1' | '1,2'; mesiboAid?: string },
) {
  await requirePermission('webhooks.manage');
  await (await webhookStore()).change(app.id, change);
  return change;
}

export async function newWebhookUrl(app: AppAccess) {
  await requirePermission('webhooks.manage');
  await (await webhookStore()).newHookId(app.id);
  return {};
}

export async function newWebhookSecret(app: AppAccess) {
  await requirePermission('webhooks.manage');
  await (await webhookStore()).newSecret(app.id);
  return {};
}
