/** next-auth's session cookie: its name over http, and the __Secure- form over https (no imports: the proxy reads it too). */
export const SESSION_COOKIE = 'next-auth.session-token';
export const SECURE_SESSION_COOKIE = `__Secure-${SESSION_COOKIE}`;
