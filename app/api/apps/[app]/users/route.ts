import { type AppParams, answerForApp, badRequest, queryOf } from '@/lib/api/respond';
import { listUsers } from '@/lib/dal/users';
import { UserSearch } from '@/lib/validations/users';

/** GET /api/apps/<app>/users?q=&presence=&cursor= : one page of an app's users (search-as-you-type, Online now, paging). */
export async function GET(request: Request, ctx: AppParams) {
  const parsed = UserSearch.safeParse(queryOf(request));
  if (!parsed.success) return badRequest('Bad search.');
  return answerForApp(request, (await ctx.params).app, (app) =>
    listUsers(app, parsed.data.q, parsed.data.cursor, 25, parsed.data.presence),
  );
}
