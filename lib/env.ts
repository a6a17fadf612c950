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
