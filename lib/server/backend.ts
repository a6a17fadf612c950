import 'server-only';
import { type OpenedBackend, sharedBackend } from '@/lib/backend';
import { CONSOLE_MIGRATIONS } from '@/lib/console/migrations';
import { backendConfig } from '@/lib/env';

/**
 * The bundled backend as the console's server code reaches it: the process-wide instance the
 * server opened. (Opening it here is only a fallback for `next dev`/`next start`; the app
 * token is not needed for that: the console calls the engine as the default app.)
 */
export function bundledBackend(): Promise<OpenedBackend> {
  return sharedBackend(() => ({ ...backendConfig(), migrations: CONSOLE_MIGRATIONS }));
}
