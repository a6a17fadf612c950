import { badRequest, csvDownload, failure, read } from '@/lib/api/respond';
import { jobResultsCsv } from '@/lib/dal/jobs';
import { JobId } from '@/lib/validations/jobs';

/** GET /api/jobs/<job>/results : the job's per-row results as a CSV download, streamed a page at a time. */
export async function GET(request: Request, ctx: { params: Promise<{ job: string }> }) {
  const id = JobId.safeParse((await ctx.params).job);
  if (!id.success) return badRequest('Not a job id.');
  const r = await read(request, () => jobResultsCsv(id.data));
  if (r.error) return failure(r.error);
  return csvDownload(`job-${id.data}-results.csv`, r.data.chunks[Symbol.asyncIterator]());
}
