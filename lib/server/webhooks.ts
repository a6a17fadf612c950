import 'server-only';
import { Directory } from '@/lib/console/directory';
import { WebhookStore } from '@/lib/console/webhooks';
import { sharedLimiter } from '@/lib/db/shared-limiter';
import type { Db } from '@/lib/db/types';
import { env } from '@/lib/env';
import { createWebhookHandler } from '@/lib/webhooks/receiver';
import { appBackends } from './app-backends';
import { appRegistry, tokenBox } from './apps';

/**
 * The process's webhook receiver, built once by server.ts: its store (secrets sealed under the
 * server key), the per-app rate shared by every instance on one PostgreSQL, and whether an app's
 * directory learns the addresses a webhook names (only where its backend cannot list users).
 */
export function webhookReceiver(db: Db, onError: (err: unknown, requestId: string) => void) {
  const directory = new Directory(db);
  return createWebhookHandler({
    store: new WebhookStore(db, tokenBox()),
    limiter: sharedLimiter(db, { keyPrefix: 'webhook', points: env().WEBHOOK_RATE_LIMIT, duration: 1 }),
    async learn(appId) {
      const app = await (await appRegistry()).get(appId);
      if (!app || (await (await appBackends()).offered(app)).usersget) return undefined;
      return (q, addresses) => directory.addUnknown(q, appId, addresses, 'webhook');
    },
    onError,
  });
}
