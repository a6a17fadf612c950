import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { currentRequestId } from './request-context';

/**
 * The server log: JSON lines on stdout, or in LOG_FILE (pino), for machines and log shippers. Secrets never
 * go in: app and access tokens are not logged anywhere, and these paths are redacted in
 * case an object carrying one is ever logged by mistake.
 */
export function createLogger(level: string, file?: string) {
  if (file && !fs.existsSync(file)) {
    // The log names operators and client addresses: a new log file is this account's only.
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.closeSync(fs.openSync(file, 'a', 0o600));
  }
  const destination = file ? pino.destination({ dest: file, mkdir: true, sync: false }) : undefined;
  return pino(
    {
      level,
      base: undefined,
      // Every line written while a request is handled names its request id: the one the
      // operator is shown next to an error, and the one its audit entry carries.
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
      redact: {
        paths: [
          'token',
          '*.token',
          '*.*.token',
          'req.headers.authorization',
          'req.headers.cookie',
          'password',
          '*.password',
        ],
        censor: '[redacted]',
      },
    },
    destination ?? process.stdout,
  );
}
export type Logger = ReturnType<typeof createLogger>;
