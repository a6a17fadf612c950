import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { PageFailure } from '@/components/page-failure';
import { PageHeader } from '@/components/ui/states';
import { pageOperator } from '@/lib/auth/page-guard';
import { listApps } from '@/lib/dal/apps';
import { pageData } from '@/lib/dal/page-data';
import { env } from '@/lib/env';
import { AppsView } from './apps-view';

export const metadata: Metadata = { title: 'Apps' };

export default async function AppsPage() {
  const me = await pageOperator('apps.manage', '/apps');
  if (!me) return <Forbidden />;
  const { data: apps, error } = await pageData('/apps', listApps);
  if (error) return <PageFailure title="Apps" error={error} />;
  return (
    <>
      <PageHeader title="Apps" />
      <AppsView apps={apps} bundledAvailable={env().BUNDLED_BACKEND} />
    </>
  );
}
