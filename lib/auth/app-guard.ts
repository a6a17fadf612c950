import 'server-only';
import { cache } from 'react';
import { type AppAccess, grantApp, mayUseApp } from '@/lib/console/app-access';
import type { Operator } from '@/lib/console/operators';
import { AuthError, ConsoleError } from '@/lib/errors';
import { appRegistry } from '@/lib/server/apps';
import { requireOperator } from './session';

/**
 * The app of a request (the `<app>` of its URL, or the `app` of an action's input), for the
 * signed-in operator: AuthError when it is limited to other apps (checked before the app is
 * looked up, so it learns nothing, not even whether the app exists), not_found when there
 * is no such app. The one way to an AppAccess, which every function of lib/dal that reads or
 * changes an app's data requires.
 */
export async function requireApp(appId: number): Promise<{ operator: Operator; app: AppAccess }> {
  const operator = await requireOperator();
  if (!mayUseApp(operator, appId)) throw new AuthError('forbidden', undefined, appId);
  const app = await appById(appId);
  const access = app && grantApp(operator, app);
  if (!access)
    throw new ConsoleError('not_found', `There is no app ${appId}.`, {
      link: { href: '/', label: 'Go to your default app' },
    });
  return { operator, app: access };
}

/** An `<app>` URL segment as an app id, or undefined when it cannot be one. */
export function appIdOf(segment: string): number | undefined {
  return /^[1-9]\d{0,15}$/.test(segment) && Number.isSafeInteger(Number(segment)) ? Number(segment) : undefined;
}

/*
 * Read once per request: a page's layout and the page itself both need the app (and the
 * header the list), and each lookup is a database read. Outside a render, React's cache
 * calls straight through, so actions and route handlers read afresh.
 */
const appById = cache(async (id: number) => (await appRegistry()).get(id));
const allApps = cache(async () => (await appRegistry()).list());

/** The apps the operator may use: the default first, then by id (what "App" offers). */
export async function operatorApps(operator: Operator) {
  const apps = (await allApps()).filter((a) => mayUseApp(operator, a.id));
  return [...apps.filter((a) => a.isDefault), ...apps.filter((a) => !a.isDefault)];
}
