import { badRequest, json, jsonError } from '@/lib/api/respond';
import { listUsers } from '@/lib/dal/users';
import { UserSearch } from '@/lib/validations/users';

/** GET /api/users?q=&cursor= : one page of users for the Users table (search-as-you-type, paging). */
export async function GET(request: Request) {
  const parsed = UserSearch.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return badRequest('Bad search.');
  try {
    return json(await listUsers(parsed.data.q, parsed.data.cursor));
  } catch (e) {
    return jsonError(e, request);
  }
}
