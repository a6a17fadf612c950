import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { recordAudit } from '@/lib/console/audit';
import { consoleDb } from '@/lib/console/db';
import { verifyCredentials } from '@/lib/console/operators';
import { env } from '@/lib/env';
import { CLIENT_ADDRESS_HEADER } from '@/lib/server/client-address';
import { isRole } from './roles';
import { sessionSecret } from './secret';
import { isThrottled, recordFailure } from './throttle';

/**
 * next-auth (v4): e-mail and password against the operators table, JWT sessions in an
 * HttpOnly cookie. The token carries the operator id and its session version; every
 * request re-reads the operator (lib/auth/session.ts), so a disabled operator or a changed
 * role takes effect at once.
 */
const SignIn = z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(1024) });

let cached: NextAuthOptions | undefined;

/** next-auth's cookie name: the __Secure- form when the console is served over HTTPS. */
export function sessionCookieName(): string {
  return env().NEXTAUTH_URL?.startsWith('https://') ? '__Secure-next-auth.session-token' : 'next-auth.session-token';
}

export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  const e = env();
  cached = {
    secret: sessionSecret(e.NEXTAUTH_SECRET, e.dataDir),
    session: { strategy: 'jwt', maxAge: e.SESSION_MAX_AGE_HOURS * 3600, updateAge: 15 * 60 },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        name: 'E-mail and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const parsed = SignIn.safeParse(credentials ?? {});
          if (!parsed.success) return null;
          const db = await consoleDb();
          const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
          const address = headers[CLIENT_ADDRESS_HEADER] ?? 'unknown';
          if (await isThrottled(address)) {
            await recordAudit(db, {
              operatorEmail: parsed.data.email.toLowerCase(),
              role: '-',
              action: 'auth.signin',
              target: parsed.data.email.toLowerCase(),
              outcome: 'denied',
              detail: `Sign-in refused (too many failures from ${address})`,
            });
            return null;
          }
          const result = await verifyCredentials(db, parsed.data.email, parsed.data.password);
          if (!result.ok) await recordFailure(address);
          await recordAudit(db, {
            operatorId: result.ok ? result.operator.id : result.operatorId,
            operatorEmail: parsed.data.email.toLowerCase(),
            role: result.ok ? result.operator.role : '-',
            action: 'auth.signin',
            target: parsed.data.email.toLowerCase(),
            outcome: result.ok ? 'ok' : 'denied',
            detail: result.ok ? 'Signed in' : `Sign-in refused (${result.reason})`,
          });
          if (!result.ok) return null;
          const o = result.operator;
          return { id: String(o.id), email: o.email, name: o.name, role: o.role, sv: o.sessionVersion };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const u = user as unknown as { role: string; sv: number };
          token.role = isRole(u.role) ? u.role : undefined;
          token.sv = u.sv;
        }
        return token;
      },
      session({ session, token }) {
        // Only what the browser may know: no session version, nothing secret.
        return { ...session, user: { email: token.email ?? '', name: token.name ?? '', role: token.role } };
      },
    },
  };
  return cached;
}

declare module 'next-auth/jwt' {
  interface JWT {
    role?: import('./roles').Role;
    sv?: number;
  }
}
