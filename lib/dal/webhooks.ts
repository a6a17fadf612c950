import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import type { AppAccess } from '@/lib/console/app-access';
import { can } from '@/lib/console/roles';
import type { DeliveryRow } from '@/lib/console/webhooks';
import { WEBHOOK_PREFIX } from '@/lib/domain/app-paths';
import type { Page } from '@/lib/domain/paging';
import { consoleOrigin } from '@/lib/env';
import { ConsoleError } from '@/lib/errors';
import { consoleDb } from '@/lib/server/db';
import { log } from '@/lib/server/log';
import { directoryLearner, webhookReceiver, webhookStore } from '@/lib/server/webhooks';
import { readDelivery } from '@/lib/webhooks/delivery';
import { applyDeliveries } from '@/lib/webhooks/receiver';

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

/**
 * Send test delivery: a sample version 1 delivery (one user coming online) posted to the app's
 * own receiver through the same code as mesibo's, with the app's secret and mesibo app id. It
 * is listed, marked as a test, and changes no user. Its answer is the result.
 */
export async function sendTestDelivery(app: AppAccess) {
  await requirePermission('webhooks.manage');
  const s = await (await webhookStore()).settings(app.id);
  const ts = Date.now();
  const body = {
    server: 'mesibo',
    id: 0,
    v: 1,
    aid: s.mesiboAid ? Number(s.mesiboAid) : 0,
    ts,
    secret: s.secret,
    events: [{ type: 'user', user: { uid: 0, address: 'test-delivery' }, status: 'online', ts }],
  };
  const receiver = webhookReceiver(await consoleDb(), (err, requestId) =>
    log().error({ err, requestId }, 'test webhook delivery failed'),
  );
  return receiver.receive({
    method: 'POST',
    url: `${WEBHOOK_PREFIX}${s.hookId}`,
    body: async () => Buffer.from(JSON.stringify(body)),
    test: true,
  });
}

/** One delivery, to open: its body (the secret shown as •••), what it changed, and whether it can be applied again. */
export async function getDelivery(app: AppAccess, id: number) {
  const operator = await requirePermission('webhooks.view');
  const d = await (await webhookStore()).get(app.id, id);
  if (!d) return undefined;
  return { ...d, canApplyAgain: can(operator.role, 'webhooks.manage') && d.result === 'accepted' && !d.test };
}

/**
 * Apply again (a repair after a restore): the stored delivery's presence applied once more
 * under the same rule (an older event never overwrites a newer one), and the addresses the
 * directory does not know learned. Returns what it changed this time.
 */
export async function applyDeliveryAgain(app: AppAccess, id: number) {
  await requirePermission('webhooks.manage');
  const d = await (await webhookStore()).get(app.id, id);
  if (!d) throw new ConsoleError('not_found', `No delivery ${id} of this app.`);
  if (d.result !== 'accepted' || d.test)
    throw new ConsoleError('invalid', 'Only an accepted delivery (not a test) can be applied again.');
  const legacy = d.version === 0;
  const read = readDelivery(
    legacy ? 'GET' : 'POST',
    legacy ? new URLSearchParams(JSON.parse(d.body) as Record<string, string>) : new URLSearchParams(),
    Buffer.from(legacy ? '' : d.body),
    d.ts,
  );
  if ('refused' in read) throw new ConsoleError('invalid', `The stored body cannot be read again: ${read.refused}`);
  const presence = read.delivery.events.flatMap((e) => (e.kind === 'presence' ? [e] : []));
  const db = await consoleDb();
  const learn = await directoryLearner(db)(app.id);
  const [changes] = await db.tx((q) => applyDeliveries(q, app.id, [presence], learn));
  return { id, changes: changes.length };
}
