import 'server-only';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The key that signs console sessions: NEXTAUTH_SECRET when given, otherwise one generated
 * on first use and kept in DATA_DIR (mode 0600), so the quick start needs no setup and
 * sessions survive restarts.
 */
const FILE = 'nextauth-secret';

export function sessionSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = path.join(/*turbopackIgnore: true*/ dataDir, FILE);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    // not there yet
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  try {
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    // Another process created it first: use theirs.
    return fs.readFileSync(file, 'utf8').trim();
  }
}
