import 'server-only';
import { type OpenedBackend, sharedBackend } from '@/lib/backend';
import { env } from '@/lib/env';

/** The bundled backend as the console's server code reaches it (the process-wide instance). */
export function bundledBackend(): Promise<OpenedBackend> {
  return sharedBackend(() => {
    const e = env();
    return {
      dataDir: e.dataDir,
      databaseUrl: e.DATABASE_URL,
      appToken: e.MESIBO_APP_TOKEN,
      breachMaxAddresses: e.BREACH_MAX_IPS,
      breachWindowHours: e.BREACH_WINDOW_HOURS,
      rateLimit: e.BACKEND_RATE_LIMIT,
    };
  });
}

export type BackendOverview = {
  users: number;
  groups: number;
  messages: number;
  breach: { disabled: boolean; addresses: number; limit: number; windowHours: number };
};

/** Counts and token-breach state of the default app. */
export async function backendOverview(): Promise<BackendOverview> {
  const { engine, defaultAppId } = await bundledBackend();
  const reply = await engine.callAsApp(defaultAppId, { op: 'stats' });
  if (!reply.body.result) throw new Error(String(reply.body.cause ?? 'stats failed'));
  return reply.body.stats as BackendOverview;
}
