import 'server-only';
import { env } from '@/lib/env';

/** next-auth's session cookie name: the __Secure- form when the console is served over HTTPS. */
export function sessionCookieName(): string {
  return env().NEXTAUTH_URL?.startsWith('https://') ? '__Secure-next-auth.session-token' : 'next-auth.session-token';
}
