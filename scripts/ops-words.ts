import path from 'node:path';
import type { env } from '@/lib/env';

/** What backup and restore say about the key: a backup never holds it, and the database opens only with it. */
export function keyAdvice(e: ReturnType<typeof env>): string {
  const where = e.CONSOLE_SECRET_KEY
    ? 'CONSOLE_SECRET_KEY (set in this environment)'
    : `CONSOLE_SECRET_KEY: here the key file ${path.join(e.dataDir, 'console-secret-key')}`;
  return `The backup holds no key. Keep ${where}, apart from the backup: the server starts on the restored database only with it (it opens the stored remote-app tokens, webhook secrets and two-factor secrets).`;
}
