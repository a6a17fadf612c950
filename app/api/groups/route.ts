import { answer, badRequest, queryOf } from '@/lib/api/respond';
import { listGroups } from '@/lib/dal/groups';
import { GroupSearch } from '@/lib/validations/groups';

/** GET /api/groups?q=&cursor= : one page of groups. */
export async function GET(request: Request) {
  const parsed = GroupSearch.safeParse(queryOf(request));
  if (!parsed.success) return badRequest('Bad search.');
  return answer(request, () => listGroups(parsed.data.q, parsed.data.cursor));
}
