import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import { jobs } from '@/lib/background/jobs';
import type { AppAccess } from '@/lib/console/app-access';
import { can } from '@/lib/console/roles';
import { activeLocks } from '@/lib/console/signin-locks';
import { appHref } from '@/lib/domain/app-paths';
import { consoleDb } from '@/lib/server/db';
import { backendLastHour } from './apps';
import type { Overview } from './overview';

/**
 * The Overview's Needs attention: what is wrong or about to be, each with where to act. From
 * what the Overview read already (the token's client addresses, the webhooks' silence) and what
 * only this server knows: how the app's remote backend answered it in the last hour, the app's
 * jobs not finished, and (for those who manage operators) operators locked out of sign-in.
 */
export interface AttentionItem {
  id: 'breach' | 'backend' | 'webhooks' | 'jobs' | 'lockouts';
  level: 'danger' | 'warning' | 'info';
  text: string;
  href: string;
  action: string;
}

export async function getAttention(app: AppAccess, overview: Overview): Promise<AttentionItem[]> {
  const operator = await requirePermission('overview.view');
  const items: AttentionItem[] = [];
  const settings = appHref(app.id, '/settings');
  const b = overview.breach;
  if (b?.disabled)
    items.push({
      id: 'breach',
      level: 'danger',
      text: `Disabled by a token breach: the app token was used from ${b.addresses} client addresses (the limit is ${b.limit}). Every call is refused until the token is rotated.`,
      href: settings,
      action: 'Rotate app token',
    });
  else if (b && b.addresses >= b.limit)
    items.push({
      id: 'breach',
      level: 'warning',
      text: `The app token was used from ${b.addresses} of ${b.limit} allowed client addresses in the last ${b.windowHours} hours: one more disables the app.`,
      href: settings,
      action: 'Review the app token',
    });
  if (app.kind === 'remote') {
    const seen = await backendLastHour(app);
    if (seen?.failed)
      items.push({
        id: 'backend',
        level: seen.answered ? 'warning' : 'danger',
        text: `The Backend API ${seen.answered ? 'failed to answer' : 'did not answer'} ${seen.failed} of ${seen.answered + seen.failed} calls in the last hour (last: ${seen.lastFailure?.kind.replace('_', ' ') ?? 'no answer'})${seen.meanMs === undefined ? '' : `; answers took ${seen.meanMs} ms on average`}.`,
        href: settings,
        action: 'Test connection',
      });
  }
  const hooks = overview.webhooks;
  if (hooks?.silent)
    items.push({
      id: 'webhooks',
      level: 'warning',
      text: `No webhook delivery for ${hooks.silenceHours} hours or more while the receiver is on.`,
      href: appHref(app.id, '/webhooks'),
      action: 'Check webhooks',
    });
  const unfinished = await (await jobs()).store.unfinished(app.id);
  if (unfinished.paused)
    items.push({
      id: 'jobs',
      level: 'warning',
      text: `${plural(unfinished.paused, 'job is', 'jobs are')} paused${unfinished.running + unfinished.queued ? `, ${unfinished.running + unfinished.queued} running or waiting` : ''}.`,
      href: '/jobs',
      action: 'Open jobs',
    });
  else if (unfinished.running + unfinished.queued)
    items.push({
      id: 'jobs',
      level: 'info',
      text: `${plural(unfinished.running + unfinished.queued, 'job is', 'jobs are')} running or waiting.`,
      href: '/jobs',
      action: 'Open jobs',
    });
  if (can(operator.role, 'operators.manage')) {
    const locks = await activeLocks(await consoleDb());
    const operators = new Set(locks.map((l) => l.operatorId)).size;
    if (operators)
      items.push({
        id: 'lockouts',
        level: 'warning',
        text: `${plural(operators, 'operator is', 'operators are')} locked out of sign-in after failed passwords.`,
        href: '/operators',
        action: 'Open operators',
      });
  }
  return items;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
