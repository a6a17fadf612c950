import { answerForApp, badRequest, queryOf } from '@/lib/api/respond';
import { listUserGroups } from '@/lib/dal/groups';
import { segmentText } from '@/lib/domain/app-paths';
import { Address, Cursor } from '@/lib/validations/common';

/**
 * GET /api/apps/<app>/users/<address>/groups?cursor= : one page (100) of the groups a user
 * belongs to; none where the backend cannot tell (the user's page says so).
 */
export async function GET(request: Request, ctx: { params: Promise<{ app: string; address: string }> }) {
  const params = await ctx.params;
  const address = Address.safeParse(segmentText(params.address));
  const cursor = Cursor.safeParse(queryOf(request).cursor);
  if (!address.success || !cursor.success) return badRequest('Bad address or cursor.');
  return answerForApp(request, params.app, async (app) => {
    const page = await listUserGroups(app, address.data, cursor.data, 100);
    return page.offered ? { rows: page.rows, next: page.next } : { rows: [] };
  });
}
