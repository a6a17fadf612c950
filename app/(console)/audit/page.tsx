import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { PageHeader } from '@/components/ui/states';
import { operatorApps } from '@/lib/auth/app-guard';
import { pageOperator } from '@/lib/auth/page-guard';
import { readAudit, readAuditActions } from '@/lib/dal/audit';
import { pageData, pageList } from '@/lib/dal/page-data';
import { withQuery } from '@/lib/domain/app-paths';
import { AuditFilter } from '@/lib/validations/audit';
import type { RawSearchParams } from '@/lib/validations/search-params';
import { AuditView } from './audit-view';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const me = await pageOperator('audit.view', '/audit');
  if (!me) return <Forbidden />;
  const list = await pageList(
    { path: '/audit', endpoint: '/api/audit' },
    searchParams,
    (raw) => {
      const { cursor: _, ...filter } = AuditFilter.parse(raw);
      return filter;
    },
    readAudit,
  );
  // Names for the App column and filter: only the apps this operator may use.
  const apps = (await operatorApps(me)).map(({ id, name }) => ({ id, name }));
  const actions = await pageData('/audit', readAuditActions);
  return (
    <>
      <PageHeader title="Audit log">
        {/* A plain download link: the route handler checks the role again and streams the CSV. */}
        <a
          href={withQuery('/api/audit/export', list.filter)}
          download
          className="inline-flex min-h-9 items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
        >
          Download CSV
        </a>
      </PageHeader>
      <AuditView list={list} actions={actions.data ?? []} apps={apps} />
    </>
  );
}
