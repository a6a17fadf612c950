import 'server-only';
import type { AppAccess } from '@/lib/console/app-access';
import type { Operator } from '@/lib/console/operators';
import { allows, type RoleNeed } from '@/lib/console/roles';
import { AuthError } from '@/lib/errors';
import { requireApp } from './app-guard';
import { requireOperator } from './session';

/**
 * The one gate of every request (pages, route handlers, server actions): the session, re-read
 * from the database; then the role; then the app, which the operator must be allowed (the only
 * way to an AppAccess). A refusal is an AuthError saying which check failed (`unauthorized`;
 * `forbidden` with the permission, or with the app); each kind of request answers it its own
 * way: a redirect or a refusal on the page, a status, an action's result.
 */
export async function admit(need: { role?: RoleNeed; app: number }): Promise<{ operator: Operator; app: AppAccess }>;
export async function admit(need: { role: RoleNeed; app?: undefined }): Promise<{ operator: Operator }>;
export async function admit(need: { role?: RoleNeed; app?: number }): Promise<{ operator: Operator; app?: AppAccess }> {
  const operator = await requireOperator();
  if (need.role !== undefined && !allows(operator.role, need.role))
    throw new AuthError('forbidden', typeof need.role === 'string' ? need.role : undefined);
  if (need.app === undefined) return { operator };
  return { operator, app: (await requireApp(need.app)).app };
}
