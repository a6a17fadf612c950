import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { PageHeader } from '@/components/ui/states';
import { pageOperator } from '@/lib/auth/page-guard';
import { listJobs } from '@/lib/dal/jobs';
import { pageList } from '@/lib/dal/page-data';
import type { RawSearchParams } from '@/lib/validations/search-params';
import { JobsView } from './jobs-view';

export const metadata: Metadata = { title: 'Jobs' };

/** Long work (imports): the jobs of the apps the operator may use, newest first. */
export default async function JobsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  if (!(await pageOperator('overview.view', '/jobs'))) return <Forbidden />;
  const list = await pageList(
    { path: '/jobs', endpoint: '/api/jobs' },
    searchParams,
    () => ({}),
    (_filter, cursor) => listJobs(cursor),
  );
  return (
    <>
      <PageHeader title="Jobs" />
      <JobsView list={list} />
    </>
  );
}
