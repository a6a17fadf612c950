import type { Metadata } from 'next';
import Link from 'next/link';
import { EnvironmentBadge } from '@/components/environment-badge';
import { Forbidden } from '@/components/forbidden';
import { PageFailure, PageGone } from '@/components/page-failure';
import { PageHeader } from '@/components/ui/states';
import { pageOperator } from '@/lib/auth/page-guard';
import { appDetail } from '@/lib/dal/apps';
import { pageData } from '@/lib/dal/page-data';
import { appHref } from '@/lib/domain/app-paths';
import { KIND_LABELS } from '@/lib/domain/apps';
import { AppState } from './app-state';
import { AppToken } from './app-token';
import { BreachPanel } from './breach-panel';
import { DeleteApp } from './delete-app';
import { GeneralForm } from './general-form';
import { TestConnection } from './test-connection';

type Props = { params: Promise<{ app: string }> };

export const metadata: Metadata = { title: 'App settings' };

export default async function AppSettingsPage({ params }: Props) {
  const segment = (await params).app;
  const path = `/apps/${encodeURIComponent(segment)}/settings`;
  const me = await pageOperator('apps.manage', path);
  if (!me) return <Forbidden />;
  const id = /^[1-9]\d{0,15}$/.test(segment) ? Number(segment) : undefined;
  const gone = (
    <PageGone title="App settings" what="No app with this id" back={{ href: '/apps', label: 'Back to Apps' }} />
  );
  if (id === undefined) return gone;
  const { data: app, error } = await pageData(path, () => appDetail(id));
  if (error) return <PageFailure title="App settings" error={error} />;
  if (!app) return gone;
  return (
    <>
      <PageHeader
        title={
          <>
            {app.name || `App ${app.id}`} <EnvironmentBadge environment={app.environment} />
          </>
        }
      />
      <p className="-mt-4 mb-6 text-sm text-slate-600 dark:text-slate-400">
        {KIND_LABELS[app.kind]} app {app.id}
        {app.isDefault ? ' · the default app' : ''} ·{' '}
        <Link href={appHref(app.id)} className="underline">
          Open its pages
        </Link>
      </p>
      <div className="grid gap-6 lg:grid-cols-2">
        <GeneralForm app={app} />
        <AppState app={app} />
        <AppToken app={app} />
        {app.kind === 'bundled' ? <BreachPanel app={app} /> : <TestConnection app={app} />}
      </div>
      <DeleteApp app={app} />
    </>
  );
}
