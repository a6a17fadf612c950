import { type AppParams, answerForApp, queryOf } from '@/lib/api/respond';
import { listDeliveries } from '@/lib/dal/webhooks';
import { DeliveryFilter } from '@/lib/validations/webhooks';

/** GET /api/apps/<app>/webhooks?address=&type=&result=&cursor= : one page of an app's webhook deliveries, newest first. */
export async function GET(request: Request, ctx: AppParams) {
  const filter = DeliveryFilter.parse(queryOf(request));
  return answerForApp(request, (await ctx.params).app, (app) => listDeliveries(app, filter, filter.cursor));
}
