import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A random key kept in a file of DATA_DIR, generated on first use: how a single SQLite
 * install gets its session secret and server key without any setup. A new folder is made
 * 0700 and the file 0600, so no other account on the machine can read them.
 * (With DATABASE_URL set the keys must come from the environment: lib/env-schema.ts.)
 */
export function keyFromFile(dataDir: string, fileName: string): string {
  ensurePrivateDir(dataDir);
  const file = path.join(/*turbopackIgnore: true*/ dataDir, fileName);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) {
      fs.chmodSync(file, 0o600);
      return existing;
    }
  } catch {
    // not there yet
  }
  const key = randomBytes(48).toString('base64url');
  try {
    fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch {
    // Another process created it first: use theirs.
    return fs.readFileSync(file, 'utf8').trim();
  }
}

/**
 * Creates `dir` (and missing parents) private to this account (0700). A folder that already
 * exists keeps its mode: it may be shared (DATA_DIR=/srv, even /tmp), and the files this
 * product keeps in it are 0600 whatever the folder's mode.
 */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Creates `file` empty with mode 0600 if it does not exist, and narrows it to 0600 if it does. */
export function ensurePrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  fs.chmodSync(file, 0o600);
}

/** Replaces a key file kept by keyFromFile (mode 0600), atomically: readers see the old key or the new one. */
export function replaceKeyFile(dataDir: string, fileName: string, key: string): void {
  const file = path.join(/*turbopackIgnore: true*/ dataDir, fileName);
  const next = `${file}.next`;
  fs.writeFileSync(next, `${key}\n`, { mode: 0o600 });
  fs.renameSync(next, file);
}
