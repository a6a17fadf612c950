import 'server-only';
import { Directory } from '@/lib/console/directory';
import { PresenceStore } from '@/lib/console/presence';
import { WebhookStore } from '@/lib/console/webhooks';
import { sharedLimiter } from '@/lib/db/shared-limiter';
import type { Db, Queryable } from '@/lib/db/types';
import { env } from '@/lib/env';
import { createWebhookReceiver } from '@/lib/webhooks/receiver';
import { appBackends } from './app-backends';
import { appRegistry, tokenBox } from './apps';
import { consoleDb } from './db';
import { metrics, webhookResult } from './metrics';

/**
 * The process's webhook receiver, built once by server.ts: its store (secrets sealed under the
 * server key), the per-app rate shared by every instance on one PostgreSQL, and whether an app's
 * directory learns the addresses a webhook names (only where its backend cannot list users).
 */
let store: Promise<WebhookStore> | undefined;
let presence: Promise<PresenceStore> | undefined;

/** What webhooks said of users' presence (Online lapses after WEBHOOK_ONLINE_HOURS without an event). */
export function presenceStore(): Promise<PresenceStore> {
  presence ??= consoleDb().then((db) => new PresenceStore(db, env().WEBHOOK_ONLINE_HOURS));
  return presence;
}

/** The webhook settings and deliveries of this process's database (the Webhooks page). */
export function webhookStore(): Promise<WebhookStore> {
  store ??= consoleDb().then((db) => new WebhookStore(db, tokenBox()));
  return store;
}

let receiver: ReturnType<typeof createWebhookReceiver> | undefined;

/**
 * The receiver of this module's world, made once: server.ts serves its `handle`; Send test
 * delivery (in Next's server) calls its `receive`, the same code on the same database.
 */
export function webhookReceiver(db: Db, onError: (err: unknown, requestId: string) => void) {
  receiver ??= makeReceiver(db, onError);
  return receiver;
}

function makeReceiver(db: Db, onError: (err: unknown, requestId: string) => void) {
  return createWebhookReceiver({
    store: new WebhookStore(db, tokenBox()),
    limiter: sharedLimiter(db, { keyPrefix: 'webhook', points: env().WEBHOOK_RATE_LIMIT, duration: 1 }),
    learn: directoryLearner(db),
    onError,
    onAnswer: (status) => metrics().webhooks.inc({ result: webhookResult(status) }),
  });
}

/** For an app whose backend cannot list its users: keeps the addresses a webhook names that its directory does not know. */
export function directoryLearner(db: Db) {
  const directory = new Directory(db);
  return async (appId: number) => {
    const app = await (await appRegistry()).get(appId);
    if (!app || (await (await appBackends()).offered(app)).usersget) return undefined;
    return (q: Queryable, addresses: string[]) => directory.addUnknown(q, appId, addresses, 'webhook');
  };
}
