import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import type { AppAccess } from '@/lib/console/app-access';
import { Directory } from '@/lib/console/directory';
import { DirectoryGroups } from '@/lib/console/directory-groups';
import { callOp } from '@/lib/mesibo/client';
import { StatsReply } from '@/lib/mesibo/contract';
import { offers } from '@/lib/mesibo/offers';
import { consoleDb } from '@/lib/server/db';
import { listedOrKept } from './directory-mode';

export interface Overview {
  /** undefined: not counted (a backend that lists them but has no stats op). */
  users?: number;
  groups?: number;
  messages?: number;
  /** Where the counts come from: the backend's stats, or the console's directory (what it created and sent). */
  source: 'backend' | 'directory';
  backend: { kind: 'bundled' } | { kind: 'remote'; url: string };
  breach?: { disabled: boolean; addresses: number; limit: number; windowHours: number };
}

export async function getOverview(app: AppAccess): Promise<Overview> {
  await requirePermission('overview.view');
  const stats = await listedOrKept<Omit<Overview, 'backend'>>(
    app,
    'stats',
    async () => ({ ...(await callOp(app, 'stats', {}, StatsReply)).stats, source: 'backend' }),
    async () => {
      // The directory holds users and groups only where the backend cannot list them.
      const db = await consoleDb();
      const { groups, messages } = await new DirectoryGroups(db).counts(app.id);
      return {
        users: (await offers(app, 'usersget')) ? undefined : await new Directory(db).countUsers(app.id),
        groups: (await offers(app, 'groupsget')) ? undefined : groups,
        messages,
        source: 'directory',
        breach: undefined,
      };
    },
  );
  // Show where the backend is, never how to call it: a URL's credentials or query stay out.
  const backend =
    app.kind === 'remote' ? { kind: 'remote' as const, url: safeUrl(app.apiUrl ?? '') } : { kind: 'bundled' as const };
  return {
    users: stats.users,
    groups: stats.groups,
    messages: stats.messages,
    source: stats.source,
    backend,
    breach: stats.breach,
  };
}

function safeUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}
