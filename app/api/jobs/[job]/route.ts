import { answer, badRequest } from '@/lib/api/respond';
import { getJob } from '@/lib/dal/jobs';
import { JobId } from '@/lib/validations/jobs';

/** GET /api/jobs/<job> : one job's state and progress (its page reads it every second while it runs). */
export async function GET(request: Request, ctx: { params: Promise<{ job: string }> }) {
  const id = JobId.safeParse((await ctx.params).job);
  if (!id.success) return badRequest('Not a job id.');
  return answer(request, () => getJob(id.data));
}
