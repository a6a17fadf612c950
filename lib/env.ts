import 'server-only';
import path from 'node:path';
import type { BackendConfig } from '@/lib/backend';
import { loadEnv } from './env-schema';
import { keyFromFile, replaceKeyFile } from './util/private-files';

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
 * The one key for secrets the server keeps: it seals remote apps' tokens, webhook URLs and
 * secrets, and operators' two-factor secrets (lib/console/secret-box.ts), and keys the hash of
 * one-time passwords. CONSOLE_SECRET_KEY, or (SQLite only) one generated into
 * DATA_DIR/console-secret-key. Changed without `rotate-server-key`, what it sealed no longer
 * opens.
 */
export function serverKey(): string {
  const e = env();
  return e.CONSOLE_SECRET_KEY ?? keyFromFile(e.dataDir, SERVER_KEY_FILE);
}

const SERVER_KEY_FILE = 'console-secret-key';

/** Where this process's server key comes from, as messages name it (a refused start, a backup). */
export function serverKeySource(): string {
  const e = env();
  return e.CONSOLE_SECRET_KEY
    ? 'CONSOLE_SECRET_KEY'
    : `CONSOLE_SECRET_KEY (unset: the key file ${path.join(e.dataDir, SERVER_KEY_FILE)})`;
}

/**
 * The console's origin (scheme, host, port): NEXTAUTH_URL's, which the server always sets.
 * Server actions must come from exactly this origin, and sign-in redirects stay on it.
 */
export function consoleOrigin(): string {
  const e = env();
  return new URL(e.NEXTAUTH_URL ?? `http://${e.HOSTNAME}:${e.PORT}`).origin;
}

/**
 * The bundled default app's token from the environment: MESIBO_APP_TOKEN, but only when
 * MESIBO_API_URL is unset. With MESIBO_API_URL it is a remote app's token, and a remote
 * app's token must never open this server's own Backend API.
 */
export function bundledAppToken(): string | undefined {
  const e = env();
  return e.MESIBO_API_URL ? undefined : e.MESIBO_APP_TOKEN;
}

/** How this process opens the database and the bundled backend (server, command line, seed). */
export function backendConfig(): BackendConfig {
  const e = env();
  return {
    dataDir: e.dataDir,
    databaseUrl: e.DATABASE_URL,
    poolSize: e.DATABASE_POOL_SIZE,
    appToken: bundledAppToken(),
    foreignToken: e.MESIBO_API_URL ? e.MESIBO_APP_TOKEN : undefined,
    bundled: e.BUNDLED_BACKEND,
    secretKey: serverKey(),
    breachMaxAddresses: e.BREACH_MAX_IPS,
    breachWindowHours: e.BREACH_WINDOW_HOURS,
    rateLimit: e.BACKEND_RATE_LIMIT,
  };
}

/**
 * For `rotate-server-key`: the key being replaced and the one replacing it, and how to make
 * the new one current. With CONSOLE_SECRET_KEY set, the operator has already put the new key
 * there and the old one in OLD_CONSOLE_SECRET_KEY; with the generated key file (SQLite), a new
 * key is generated and written over the file once everything is re-sealed.
 */
export function serverKeyRotation(newKey: string): { from: string; to: string; commit: () => void } {
  const e = env();
  if (e.CONSOLE_SECRET_KEY) {
    if (!e.OLD_CONSOLE_SECRET_KEY)
      throw new Error(
        'Set OLD_CONSOLE_SECRET_KEY to the key in use until now, and CONSOLE_SECRET_KEY to the new one, then run this again.',
      );
    return { from: e.OLD_CONSOLE_SECRET_KEY, to: e.CONSOLE_SECRET_KEY, commit: () => undefined };
  }
  return {
    from: keyFromFile(e.dataDir, SERVER_KEY_FILE),
    to: newKey,
    commit: () => replaceKeyFile(e.dataDir, SERVER_KEY_FILE, newKey),
  };
}
