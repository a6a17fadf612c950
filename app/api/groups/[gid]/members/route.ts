import { answer, badRequest, queryOf } from '@/lib/api/respond';
import { listMembers } from '@/lib/dal/groups';
import { Cursor, Gid } from '@/lib/validations/common';

/** GET /api/groups/<gid>/members?cursor= : one page (100) of a group's members. */
export async function GET(request: Request, ctx: { params: Promise<{ gid: string }> }) {
  const gid = Gid.safeParse((await ctx.params).gid);
  const cursor = Cursor.safeParse(queryOf(request).cursor);
  if (!gid.success || !cursor.success) return badRequest('Bad group id or cursor.');
  return answer(request, () => listMembers(gid.data, cursor.data));
}
