import { type AppParams, answerForApp, badRequest, queryOf } from '@/lib/api/respond';
import { listGroups } from '@/lib/dal/groups';
import { GroupSearch } from '@/lib/validations/groups';

/** GET /api/apps/<app>/groups?q=&cursor= : one page of an app's groups. */
export async function GET(request: Request, ctx: AppParams) {
  const parsed = GroupSearch.safeParse(queryOf(request));
  if (!parsed.success) return badRequest('Bad search.');
  return answerForApp(request, (await ctx.params).app, (app) => listGroups(app, parsed.data.q, parsed.data.cursor));
}
