import { answer, badRequest, queryOf } from '@/lib/api/respond';
import { listJobs } from '@/lib/dal/jobs';
import { Cursor } from '@/lib/validations/common';

/** GET /api/jobs?cursor= : a page of the jobs of the apps the operator may use, newest first. */
export async function GET(request: Request) {
  const cursor = Cursor.safeParse(queryOf(request).cursor);
  if (!cursor.success) return badRequest('Bad cursor.');
  return answer(request, () => listJobs(cursor.data));
}
