import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import type { AppAccess } from '@/lib/console/app-access';
import { env } from '@/lib/env';
import { presenceStore, webhookStore } from '@/lib/server/webhooks';
import { type Counts, sourcesFor } from '@/lib/sources';

export interface Overview extends Counts {
  backend: { kind: 'bundled' } | { kind: 'remote'; url: string };
  /** The app's webhooks, once its receiver exists: on or off, the last delivery, who is online now, and silence. */
  webhooks?: { enabled: boolean; lastDeliveryTs: number; online: number; silent: boolean; silenceHours: number };
}

/** An app's counts (its backend's stats, or what the console's directory knows) and where its backend is. */
export async function getOverview(app: AppAccess): Promise<Overview> {
  await requirePermission('overview.view');
  const counts = await (await sourcesFor(app)).counts.counts();
  // Show where the backend is, never how to call it: a URL's credentials or query stay out.
  const backend =
    app.kind === 'remote' ? { kind: 'remote' as const, url: safeUrl(app.apiUrl ?? '') } : { kind: 'bundled' as const };
  return {
    users: counts.users,
    groups: counts.groups,
    messages: counts.messages,
    source: counts.source,
    backend,
    breach: counts.breach,
    webhooks: await webhooksOf(app.id),
  };
}

async function webhooksOf(appId: number): Promise<Overview['webhooks']> {
  const settings = await (await webhookStore()).peek(appId);
  if (!settings) return undefined;
  const silenceHours = env().WEBHOOK_SILENCE_HOURS;
  const quietSince = Date.now() - silenceHours * 3_600_000;
  return {
    enabled: settings.enabled,
    lastDeliveryTs: settings.lastDeliveryTs,
    online: await (await presenceStore()).countOnline(appId),
    // On, and nothing accepted for the silence period (never anything: silent as well once it was turned on).
    silent: settings.enabled && settings.lastDeliveryTs < quietSince,
    silenceHours,
  };
}

function safeUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}
