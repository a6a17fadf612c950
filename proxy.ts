import { type NextRequest, NextResponse } from 'next/server';

/**
 * A convenience only: visitors without a session cookie are sent to /login with the page
 * they wanted, instead of rendering a page that would refuse them. It never decides access
 * (a cookie's presence proves nothing); every page, action and route handler checks the
 * session against the database itself.
 */
export function proxy(request: NextRequest) {
  const hasSession =
    request.cookies.has('next-auth.session-token') || request.cookies.has('__Secure-next-auth.session-token');
  if (hasSession) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = '/login';
  url.search = `?next=${encodeURIComponent(request.nextUrl.pathname + request.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // Console pages only: not the sign-in page, assets, route handlers (they answer 401), or /backend.
  matcher: ['/((?!login|api/|_next/|backend|api\\.php|favicon\\.ico).*)'],
};
