import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { PageFailure, PageGone } from '@/components/page-failure';
import { pageOperator } from '@/lib/auth/page-guard';
import { getJob, listJobRows } from '@/lib/dal/jobs';
import { pageData, pageList } from '@/lib/dal/page-data';
import { JobId, JobRowsFilter } from '@/lib/validations/jobs';
import type { RawSearchParams } from '@/lib/validations/search-params';
import { JobDetail } from './job-detail';

type Props = { params: Promise<{ job: string }>; searchParams: Promise<RawSearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Job ${(await params).job}` };
}

/** One job: live progress, Cancel and Resume, and its per-row results, listed and to download. */
export default async function JobPage({ params, searchParams }: Props) {
  const raw = (await params).job;
  const path = `/jobs/${encodeURIComponent(raw)}`;
  if (!(await pageOperator('overview.view', path))) return <Forbidden />;
  const id = JobId.safeParse(raw);
  const gone = <PageGone title={`Job ${raw}`} what="No such job" back={{ href: '/jobs', label: 'Back to jobs' }} />;
  if (!id.success) return gone;
  const { data, error } = await pageData(path, () => getJob(id.data));
  if (error?.code === 'not_found') return gone;
  if (error) return <PageFailure title={`Job ${raw}`} error={error} />;
  const rows = await pageList(
    { path, endpoint: `/api/jobs/${id.data}/rows` },
    searchParams,
    (q) => ({ show: JobRowsFilter.parse(q).show }),
    (filter, cursor) => listJobRows(id.data, filter.show === 'problems', cursor),
  );
  return <JobDetail initial={data} rows={rows} />;
}
