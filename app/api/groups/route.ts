import { badRequest, json, jsonError } from '@/lib/api/respond';
import { listGroups } from '@/lib/dal/groups';
import { GroupSearch } from '@/lib/validations/groups';

/** GET /api/groups?q=&cursor= : one page of groups. */
export async function GET(request: Request) {
  const parsed = GroupSearch.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return badRequest('Bad search.');
  try {
    return json(await listGroups(parsed.data.q, parsed.data.cursor));
  } catch (e) {
    return jsonError(e, request);
  }
}
