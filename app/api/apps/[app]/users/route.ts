import { type AppParams, answerForApp, badRequest, queryOf } from '@/lib/api/respond';
import { listUsers } from '@/lib/dal/users';
import { UserSearch, userQueryOf } from '@/lib/validations/users';

/**
 * GET /api/apps/<app>/users?q=&sort=&active=&appid=&presence=&cursor= : one page of an app's users
 * (search-as-you-type, sort, filters, Online now, paging), with the count of all its pages.
 */
export async function GET(request: Request, ctx: AppParams) {
  const parsed = UserSearch.safeParse(queryOf(request));
  if (!parsed.success) return badRequest('The search is too long: at most 128 characters.');
  return answerForApp(request, (await ctx.params).app, (app) =>
    listUsers(app, userQueryOf(parsed.data), parsed.data.cursor, 25, parsed.data.presence),
  );
}
