import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets the console must use again later (a remote app's token), stored encrypted:
 * AES-256-GCM under a key derived (HKDF-SHA256) from the server key, CONSOLE_SECRET_KEY.
 * The stored form names the key that sealed it (a short fingerprint), so rotating the
 * server key can re-seal every secret and a wrong key is reported as such, not as garbage.
 * The app's id is bound in as associated data: a sealed token copied onto another app's
 * row does not open.
 *
 *   v1.<key fingerprint>.<iv>.<tag>.<ciphertext>   (base64url parts)
 */
const VERSION = 'v1';

export class SecretBoxError extends Error {}

export interface SecretBox {
  /** Which server key seals: stored beside each secret. */
  readonly fingerprint: string;
  seal(plain: string, context: string): string;
  open(sealed: string, context: string): string;
}

export function secretBox(serverKey: string): SecretBox {
  if (serverKey.length < 32) throw new SecretBoxError('The server key must be at least 32 characters.');
  const key = Buffer.from(hkdfSync('sha256', serverKey, 'mesibo-admin', 'stored secrets v1', 32));
  const fingerprint = createHash('sha256').update(key).digest('base64url').slice(0, 8);
  return {
    fingerprint,
    seal(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, fingerprint, iv, cipher.getAuthTag(), body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed, context) {
      const [version, sealedBy, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || body === undefined) throw new SecretBoxError('Not a sealed secret.');
      if (sealedBy !== fingerprint) {
        throw new SecretBoxError('This secret was sealed with another server key (CONSOLE_SECRET_KEY).');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('The sealed secret is damaged or belongs to another record.');
      }
    },
  };
}

/** The sealing key's fingerprint of a stored secret (to find what a key rotation must re-seal). */
export const sealedBy = (sealed: string): string => sealed.split('.')[1] ?? '';
