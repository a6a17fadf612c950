import 'server-only';
import { env } from '@/lib/env';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from './cookie-names';

/** The session cookie's name as this console serves it: the __Secure- form over HTTPS. */
export function sessionCookieName(): string {
  return env().NEXTAUTH_URL?.startsWith('https://') ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}
