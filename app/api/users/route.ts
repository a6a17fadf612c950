import { answer, badRequest, queryOf } from '@/lib/api/respond';
import { listUsers } from '@/lib/dal/users';
import { UserSearch } from '@/lib/validations/users';

/** GET /api/users?q=&cursor= : one page of users for the Users table (search-as-you-type, paging). */
export async function GET(request: Request) {
  const parsed = UserSearch.safeParse(queryOf(request));
  if (!parsed.success) return badRequest('Bad search.');
  return answer(request, () => listUsers(parsed.data.q, parsed.data.cursor));
}
