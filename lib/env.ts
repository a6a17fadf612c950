import 'server-only';
import { loadEnv } from './env-schema';
import { keyFromFile } from './util/private-files';

/**
 * The process's validated configuration. This module is the only place that reads
 * `process.env`; everything else receives the values it needs as arguments, so a
 * secret cannot leak into code that never asked for it. Parsing happens once, lazily,
 * so `next build` (which imports route modules) never needs a configured environment.
 */
let cached: ReturnType<typeof loadEnv> | undefined;

export function env(): ReturnType<typeof loadEnv> {
  cached ??= loadEnv(process.env);
  return cached;
}

/**
 * next-auth reads NEXTAUTH_URL from the environment itself. When it is not configured, it
 * is set to the URL the server prints (http://HOSTNAME:PORT), so that sign-in redirects
 * stay on the address operators open. Called by the server before anything reads env().
 */
export function applyDerivedDefaults(): void {
  if (process.env.NEXTAUTH_URL) return;
  const e = loadEnv(process.env);
  const host = e.HOSTNAME === '0.0.0.0' || e.HOSTNAME === '::' ? '127.0.0.1' : e.HOSTNAME;
  process.env.NEXTAUTH_URL = `http://${host.includes(':') ? `[${host}]` : host}:${e.PORT}`;
  cached = undefined;
}

/**
 * The key that signs console sessions: NEXTAUTH_SECRET, or (SQLite only) one generated on
 * first use and kept in DATA_DIR/nextauth-secret (mode 0600), so the quick start needs no
 * setup and sessions survive restarts.
 */
export function sessionSecret(): string {
  const e = env();
  return e.NEXTAUTH_SECRET ?? keyFromFile(e.dataDir, 'nextauth-secret');
}

/**
 * The one key for secrets the server keeps (the keyed hash of one-time passwords):
 * CONSOLE_SECRET_KEY, or (SQLite only) one generated into DATA_DIR/console-secret-key.
 * Losing it makes live one-time passwords stop matching; nothing else.
 */
export function serverKey(): string {
  const e = env();
  return e.CONSOLE_SECRET_KEY ?? keyFromFile(e.dataDir, 'console-secret-key');
}

/**
 * The console's origin (scheme, host, port): NEXTAUTH_URL's, which the server always sets.
 * Server actions must come from exactly this origin, and sign-in redirects stay on it.
 */
export function consoleOrigin(): string {
  const e = env();
  return new URL(e.NEXTAUTH_URL ?? `http://${e.HOSTNAME}:${e.PORT}`).origin;
}
