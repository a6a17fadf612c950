import { type AppParams, answerForApp, badRequest, queryOf } from '@/lib/api/respond';
import { listMessages } from '@/lib/dal/messages';
import { MessageFilter } from '@/lib/validations/messages';

/** GET /api/apps/<app>/messages?from=&to=&with=&gid=&mid=&since=&until=&cursor= : one page of an app's message log, newest first. */
export async function GET(request: Request, ctx: AppParams) {
  const parsed = MessageFilter.safeParse(queryOf(request));
  if (!parsed.success) return badRequest('Bad filter.');
  return answerForApp(request, (await ctx.params).app, (app) => listMessages(app, parsed.data, parsed.data.cursor));
}
