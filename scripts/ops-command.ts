import { serverKeySource } from '@/lib/env';
import { EnvError } from '@/lib/env-schema';
import { BackupError } from '@/lib/ops/backup';

/**
 * What `npm run backup` and `npm run restore` share: what they say about the key (a backup never
 * holds it, and the database opens only with it), and how they end (a known failure as its
 * message alone, exit code 1).
 */
export function keyAdvice(): string {
  return `The backup holds no key. Keep ${serverKeySource()} apart from the backup: the server starts on the restored database only with it (it opens the stored remote-app tokens, webhook secrets and two-factor secrets).`;
}

export function runOpsCommand(main: () => Promise<void>): void {
  main().catch((err) => {
    process.stderr.write(`${err instanceof BackupError || err instanceof EnvError ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
