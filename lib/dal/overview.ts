import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import type { AppAccess } from '@/lib/console/app-access';
import { callOp } from '@/lib/mesibo/client';
import { StatsReply } from '@/lib/mesibo/contract';

export interface Overview {
  users: number;
  groups: number;
  messages: number;
  backend: { kind: 'bundled' } | { kind: 'remote'; url: string };
  breach?: { disabled: boolean; addresses: number; limit: number; windowHours: number };
}

export async function getOverview(app: AppAccess): Promise<Overview> {
  await requirePermission('overview.view');
  const { stats } = await callOp(app, 'stats', {}, StatsReply);
  // Show where the backend is, never how to call it: a URL's credentials or query stay out.
  const backend =
    app.kind === 'remote' ? { kind: 'remote' as const, url: safeUrl(app.apiUrl ?? '') } : { kind: 'bundled' as const };
  return { users: stats.users, groups: stats.groups, messages: stats.messages, backend, breach: stats.breach };
}

function safeUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}
