import 'server-only';
import { env } from '@/lib/env';
import { createLogger, type Logger } from '@/lib/server/logger';

let logger: Logger | undefined;

/** The console's server log (JSON lines on stdout, same format as the server's). */
export function log(): Logger {
  logger ??= createLogger(env().LOG_LEVEL, env().LOG_FILE);
  return logger;
}
