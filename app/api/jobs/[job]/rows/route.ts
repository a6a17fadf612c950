import { answer, badRequest, queryOf } from '@/lib/api/respond';
import { listJobRows } from '@/lib/dal/jobs';
import { JobId, JobRowsFilter } from '@/lib/validations/jobs';

/** GET /api/jobs/<job>/rows?show=problems&cursor= : a page of the job's rows, in file order. */
export async function GET(request: Request, ctx: { params: Promise<{ job: string }> }) {
  const id = JobId.safeParse((await ctx.params).job);
  if (!id.success) return badRequest('Not a job id.');
  const filter = JobRowsFilter.parse(queryOf(request));
  return answer(request, () => listJobRows(id.data, filter.show === 'problems', filter.cursor));
}
