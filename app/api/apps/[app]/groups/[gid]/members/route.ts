import { answerForApp, badRequest, queryOf } from '@/lib/api/respond';
import { listMembers } from '@/lib/dal/groups';
import { Cursor, Gid } from '@/lib/validations/common';

/** GET /api/apps/<app>/groups/<gid>/members?cursor= : one page (100) of a group's members. */
export async function GET(request: Request, ctx: { params: Promise<{ app: string; gid: string }> }) {
  const params = await ctx.params;
  const gid = Gid.safeParse(params.gid);
  const cursor = Cursor.safeParse(queryOf(request).cursor);
  if (!gid.success || !cursor.success) return badRequest('Bad group id or cursor.');
  return answerForApp(request, params.app, (app) => listMembers(app, gid.data, cursor.data));
}
