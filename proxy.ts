import { type NextRequest, NextResponse } from 'next/server';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from '@/lib/auth/cookie-names';
import { LAST_APP_COOKIE } from '@/lib/domain/app-paths';

/**
 * Runs before every page:
 * 1. A Content Security Policy with a fresh nonce per response: only this origin's scripts
 *    and the nonce'd inline ones Next emits may run, and no site may frame the console.
 *    Next reads the nonce from the request's CSP header and puts it on its own scripts.
 * 2. A convenience redirect to /login for visitors without a session cookie. It never
 *    decides access (a cookie's presence proves nothing); every page, action and route
 *    handler checks the session against the database itself.
 * 3. On a page of an app (`/apps/<id>/…`, a load or a navigation), remembers that app
 *    (LAST_APP_COOKIE) for the console-wide pages.
 */
const PUBLIC_PAGES = ['/login', '/bad-request'];

function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV !== 'production';
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Inline style attributes (dialogs, toasts) cannot carry a nonce; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const signedIn = request.cookies.has(SESSION_COOKIE) || request.cookies.has(SECURE_SESSION_COOKIE);
  // Only page loads are redirected: a POST is a server action, which checks (and audits) itself.
  const pageLoad = request.method === 'GET' || request.method === 'HEAD';
  if (!signedIn && pageLoad && !PUBLIC_PAGES.includes(pathname)) {
    const url = request.nextUrl.clone();
    url.pathname = '/login';
    url.search = `?next=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', csp);
  const app = pageLoad ? /^\/apps\/([1-9]\d{0,15})(\/|$)/.exec(pathname)?.[1] : undefined;
  if (app && request.cookies.get(LAST_APP_COOKIE)?.value !== app)
    response.cookies.set(LAST_APP_COOKIE, app, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.nextUrl.protocol === 'https:',
      maxAge: 365 * 24 * 3600,
    });
  return response;
}

export const config = {
  // Pages only: not assets, route handlers (they answer 401 themselves), /backend, or the
  // webhook receiver (mesibo sends no cookie: never redirected to sign-in).
  matcher: ['/((?!api/|_next/|backend|mesiboapi|api\\.php|webhooks/|favicon\\.ico|icon\\.svg).*)'],
};
