import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import type { AppAccess } from '@/lib/console/app-access';
import { type Counts, sourcesFor } from '@/lib/sources';

export interface Overview extends Counts {
  backend: { kind: 'bundled' } | { kind: 'remote'; url: string };
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
  };
}

function safeUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}
