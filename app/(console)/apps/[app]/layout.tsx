import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { BreachBanner } from '@/components/breach-banner';
import { EnvironmentBadge } from '@/components/environment-badge';
import { AppScope } from '@/lib/app-context';
import { appIdOf } from '@/lib/auth/app-guard';
import { admit } from '@/lib/auth/gate';
import { can } from '@/lib/console/roles';
import { appHref } from '@/lib/domain/app-paths';
import { KIND_LABELS, STATE_LABELS } from '@/lib/domain/apps';

type Props = { children: ReactNode; params: Promise<{ app: string }> };

/**
 * Every page of an app: which app it is (name, environment badge, kind, state) above the
 * page, and the app as context for its client components. The pages check the operator's
 * access themselves (and audit refusals); this layout only shows an app the operator may use.
 */
export default async function AppLayout({ children, params }: Props) {
  const id = appIdOf((await params).app);
  if (id === undefined) notFound();
  const scope = await admit({ app: id }).catch(() => undefined);
  if (!scope) return children;
  const { app, operator } = scope;
  return (
    <AppScope app={{ id: app.id, name: app.name, environment: app.environment, kind: app.kind }}>
      <div className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-600 dark:text-slate-400">
        <span className="font-medium text-slate-900 dark:text-slate-100">{app.name || `App ${app.id}`}</span>
        <EnvironmentBadge environment={app.environment} />
        <span>
          {KIND_LABELS[app.kind]} app {app.id}
          {app.state !== 'enabled' && ` · ${STATE_LABELS[app.state]}`}
        </span>
        {can(operator.role, 'apps.manage') && (
          <Link href={appHref(app.id, '/settings')} className="underline sm:ml-auto">
            App settings
          </Link>
        )}
      </div>
      {app.state === 'breach' && <BreachBanner app={app} mayRotate={can(operator.role, 'apps.manage')} />}
      {children}
    </AppScope>
  );
}
