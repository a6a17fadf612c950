import { badRequest } from '@/lib/api/respond';
import { jobResultsCsv } from '@/lib/dal/jobs';
import { loadRead } from '@/lib/dal/page-data';
import { JobId } from '@/lib/validations/jobs';

const STATUS: Record<string, number> = { unauthorized: 401, forbidden: 403, not_found: 404 };

/** GET /api/jobs/<job>/results : the job's per-row results as a CSV download, streamed a page at a time. */
export async function GET(_request: Request, ctx: { params: Promise<{ job: string }> }) {
  const id = JobId.safeParse((await ctx.params).job);
  if (!id.success) return badRequest('Not a job id.');
  const r = await loadRead('api.read', `GET /api/jobs/${id.data}/results`, () => jobResultsCsv(id.data));
  if (r.error)
    return Response.json(
      { error: r.error },
      { status: STATUS[r.error.code] ?? 500, headers: { 'Cache-Control': 'no-store' } },
    );
  const encoder = new TextEncoder();
  const chunks = r.data.chunks[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="job-${id.data}-results.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
