/**
 * The console's same-origin rules, pure so that the custom server, the server actions, the
 * sign-in page and the tests share them. `consoleOrigin` is the origin of NEXTAUTH_URL,
 * the one address operators open the console at (scheme, host and port).
 */

/**
 * Whether a request's Origin header is exactly the console's origin. A missing Origin,
 * `Origin: null`, a malformed one, another host, or the right host over another scheme
 * (`http://` to a console served over https) is not.
 */
export function originMatches(origin: string | null | undefined, consoleOrigin: string): boolean {
  if (!origin || origin === 'null') return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === consoleOrigin;
  } catch {
    return false;
  }
}

/**
 * Where to go after sign-in: `next` when it is a path on the console's own origin, else
 * "/". It is parsed as a URL against that origin (what a browser will do with it), and a
 * backslash or control character anywhere refuses it outright: browsers read `/\evil` and
 * `/<tab>/evil` as `//evil`, another site.
 */
export function safeNextPath(next: unknown, consoleOrigin: string): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.length > 2048) return '/';
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return '/';
  try {
    const url = new URL(next, consoleOrigin);
    if (url.origin !== consoleOrigin) return '/';
    const path = `${url.pathname}${url.search}${url.hash}`;
    return path.startsWith('//') ? '/' : path;
  } catch {
    return '/';
  }
}
