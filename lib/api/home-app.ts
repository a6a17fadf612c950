import 'server-only';
import { operatorApps } from '@/lib/auth/app-guard';
import { currentOperator } from '@/lib/auth/session';
import { type AppSection, appHref } from '@/lib/domain/app-paths';

/**
 * The paths from before apps were in URLs (`/`, `/users`, `/users/<address>`, `/groups/<gid>`,
 * `/messages`) answer a redirect (307) to the same page of the operator's first app: the
 * default app, or, for an operator limited to other apps, the first of its own. The rest of
 * the path and the query are kept exactly as they came (still percent-encoded), so a
 * bookmark of a search or of one user lands where it did. Nobody signed in: /login, back
 * here afterwards. No app open to the operator: the page that says so.
 */
export function redirectToHomeApp(section: Exclude<AppSection, '/settings'>) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const tail = url.pathname.slice(section.length || 1);
    const operator = await currentOperator();
    const to = !operator
      ? `/login?next=${encodeURIComponent(url.pathname + url.search)}`
      : await operatorApps(operator).then(([home]) =>
          home ? `${appHref(home.id, section)}${tail && `/${tail.replace(/^\//, '')}`}${url.search}` : '/no-app',
        );
    return new Response(null, { status: 307, headers: { Location: to, 'Cache-Control': 'no-store' } });
  };
}
