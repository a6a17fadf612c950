import { answerForApp, badRequest, queryOf } from '@/lib/api/respond';
import { listMembers } from '@/lib/dal/groups';
import { Gid } from '@/lib/validations/common';
import { MemberPageQuery } from '@/lib/validations/groups';

/** GET /api/apps/<app>/groups/<gid>/members?q=&page= : a page (100) of a group's members, by number or `last`. */
export async function GET(request: Request, ctx: { params: Promise<{ app: string; gid: string }> }) {
  const params = await ctx.params;
  const gid = Gid.safeParse(params.gid);
  if (!gid.success) return badRequest('Bad group id.');
  const query = MemberPageQuery.safeParse(queryOf(request));
  if (!query.success) return badRequest(query.error.issues[0].message);
  return answerForApp(request, params.app, (app) => listMembers(app, gid.data, query.data));
}
