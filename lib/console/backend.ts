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
