import 'server-only';
import { randomUUID } from 'node:crypto';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { recordSignIn, verifyCredentials } from '@/lib/console/operators';
import { isRole } from '@/lib/console/roles';
import { pruneSessions, type SessionStage, startSession } from '@/lib/console/sessions';
import { env, sessionSecret } from '@/lib/env';
import { CLIENT_ADDRESS_HEADER } from '@/lib/server/client-address';
import { consoleDb } from '@/lib/server/db';
import { log } from '@/lib/server/log';
import { auditRequest } from './audit-entry';
import { sessionOfToken } from './session';
import { signInSucceeded, takeSignInAttempt } from './throttle';

/**
 * next-auth (v4): e-mail and password against the operators table, JWT sessions in an
 * HttpOnly cookie. An operator with two-factor on gets a session at its `code` stage, which
 * opens nothing but the sign-in's second step (lib/auth/second-factor.ts). The token carries the operator id, its session version, a session id
 * and the sign-in time; every request re-reads the operator and the session
 * (lib/auth/session.ts), so a disabled operator, a changed role, an idle or too old session
 * ends at once, and so does any re-issue of such a token by next-auth's own routes.
 */
const SignIn = z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(1024) });

let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  const e = env();
  const maxAge = e.SESSION_MAX_AGE_HOURS * 3600;
  cached = {
    secret: sessionSecret(),
    session: { strategy: 'jwt', maxAge, updateAge: 15 * 60 },
    // next-auth signs its JWT with its own 30-day default unless told otherwise.
    jwt: { maxAge },
    pages: { signIn: '/login', error: '/login' },
    // A refused re-issue (JWT_SESSION_ERROR) is an expected event, not an error with a stack
    // in the log; anything else next-auth reports goes to our log by its code, never a token.
    logger: {
      error: (code) =>
        code === 'JWT_SESSION_ERROR' ? log().debug({ code }, 'next-auth') : log().warn({ code }, 'next-auth'),
      warn: (code) => log().warn({ code }, 'next-auth'),
      debug: () => undefined,
    },
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
          const email = parsed.data.email.toLowerCase();
          // Failures are chosen by whoever sends them: their audit entries are bounded.
          const refused = (detail: string, id?: number) =>
            auditRequest(
              { clientAddress: address, claimed: { email, id } },
              { action: 'auth.signin', target: email, outcome: 'denied', detail },
              'repeatable',
            );
          if (!(await takeSignInAttempt(db, address))) {
            await refused(`Sign-in refused (too many failures from ${address})`);
            return null;
          }
          const result = await verifyCredentials(db, parsed.data.email, parsed.data.password, address);
          if (!result.ok) {
            await refused(`Sign-in refused (${result.reason}) from ${address}`, result.operatorId);
            return null;
          }
          const o = result.operator;
          await signInSucceeded(db, address);
          // With two-factor on, the password opens only the second step (lib/auth/second-factor.ts).
          const stage = o.twoFactor ? 'code' : 'full';
          if (stage === 'full') await recordSignIn(db, o.id);
          await auditRequest(
            { operator: o },
            {
              action: 'auth.signin',
              target: email,
              outcome: 'ok',
              detail:
                stage === 'full'
                  ? `Signed in from ${address}`
                  : `Password right from ${address}; the authentication code is asked`,
            },
            'change',
          );
          const userAgent = headers['user-agent'] ?? '';
          return {
            id: String(o.id),
            email: o.email,
            name: o.name,
            role: o.role,
            sv: o.sessionVersion,
            stage,
            address,
            userAgent,
          };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          // Sign-in: a new session, with the id and time every later check counts from.
          const u = user as unknown as {
            role: string;
            sv: number;
            stage: SessionStage;
            address: string;
            userAgent: string;
          };
          const db = await consoleDb();
          const sid = randomUUID();
          const authTime = Math.floor(Date.now() / 1000);
          await startSession(
            db,
            { sid, operatorId: Number(user.id) },
            { stage: u.stage, version: u.sv, clientAddress: u.address, userAgent: u.userAgent },
            authTime,
          );
          await pruneSessions(db, e.SESSION_IDLE_MINUTES * 60 + 60, authTime);
          return { ...token, role: isRole(u.role) ? u.role : undefined, sv: u.sv, sid, authTime };
        }
        // A re-issue (GET /api/auth/session): only of a session that is still live; a
        // throw here makes next-auth clear the cookie instead of extending it.
        if (!(await sessionOfToken(token, false))) throw new Error('session over');
        return token;
      },
      session({ session, token }) {
        // Only what the browser may know: no session id or version, nothing secret.
        return { ...session, user: { email: token.email ?? '', name: token.name ?? '', role: token.role } };
      },
    },
  };
  return cached;
}
