import { type AppParams, answerForApp, badRequest, queryOf } from '@/lib/api/respond';
import { listGroups } from '@/lib/dal/groups';
import { GroupSearch, groupQueryOf } from '@/lib/validations/groups';

/** GET /api/apps/<app>/groups?q=&sort=&send=&delivery=&cursor= : one page of an app's groups, with the count of all its pages. */
export async function GET(request: Request, ctx: AppParams) {
  const parsed = GroupSearch.safeParse(queryOf(request));
  if (!parsed.success) return badRequest('The search is too long: at most 128 characters.');
  return answerForApp(request, (await ctx.params).app, (app) =>
    listGroups(app, groupQueryOf(parsed.data), parsed.data.cursor),
  );
}
