import 'server-only';
import { loadEnv } from './env-schema';

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
