import 'server-only';
import { createHash, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { Db, Queryable } from '@/lib/db/types';
import { type SecretBox, sealedBy } from './secret-box';

/**
 * Operators' two-factor sign-in: TOTP (RFC 6238: 6 digits, 30-second steps, SHA-1, what
 * every authenticator app expects; computed by `otpauth`) and single-use recovery codes.
 *
 * - The secret is sealed under the server key (lib/console/secret-box.ts), bound to the
 *   operator's row; a secret being set up is kept apart and is on only once a code from it
 *   is typed.
 * - A code is taken once: accepting one moves the operator's `totp_last_step` forward in one
 *   conditional UPDATE, so the same code (or an older one) is refused afterwards by every
 *   instance on the database, even when two arrive at once.
 * - Recovery codes are 16 random characters (79 bits), stored as SHA-256 hashes: at that
 *   strength a fast hash is as safe as a slow one (as for tokens; argon2 is for passwords
 *   people choose), and one lookup finds the code. Marking one used is conditional too.
 *
 * Throttling and locks are the sign-in's (lib/auth/second-factor.ts); this module only
 * stores and checks.
 */
const ISSUER = 'mesibo-admin';
const PERIOD = 30;
/** One step either side: a phone's clock a little off, or a code typed as it turned. */
const WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;
// No 0/o, 1/l/i: read aloud or copied from paper without doubt.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export interface TwoFactorStatus {
  on: boolean;
  /** When it was turned on (epoch seconds); 0 when off. */
  since: number;
  recoveryCodesLeft: number;
}

/** What the operator's authenticator app needs: the otpauth:// URI (the QR code) and the secret as text. */
export interface TwoFactorEnrolment {
  uri: string;
  secret: string;
}

const sealContext = (operatorId: number) => `operator ${operatorId} totp`;
const hashCode = (code: string) => createHash('sha256').update(normalizeRecoveryCode(code)).digest('hex');
const stepNow = () => Math.floor(Date.now() / 1000 / PERIOD);

/** A recovery code as typed (any case, spaces or dashes) in its stored form. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

function totp(secret: string, label: string) {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret });
}

/** The time step `code` belongs to within the window, or undefined when it is not a current code. */
function matchingStep(secret: string, typed: string): number | undefined {
  const code = typed.replace(/\s/g, '');
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totp(secret, '').validate({ token: code, window: WINDOW });
  return delta === null ? undefined : stepNow() + delta;
}

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = Array.from({ length: 16 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return raw.match(/.{4}/g)?.join('-') ?? raw;
  });
}

export class TwoFactorStore {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  async status(operatorId: number): Promise<TwoFactorStatus> {
    const [row, left] = await Promise.all([
      this.db.get<{ totp_sealed: string; totp_since: number }>(
        'SELECT totp_sealed, totp_since FROM operators WHERE id = ?',
        [operatorId],
      ),
      this.db.get<{ n: number }>(
        'SELECT COUNT(*) AS n FROM operator_recovery_codes WHERE operator_id = ? AND used_ts = 0',
        [operatorId],
      ),
    ]);
    const on = !!row?.totp_sealed;
    return { on, since: on ? Number(row?.totp_since) : 0, recoveryCodesLeft: on ? Number(left?.n ?? 0) : 0 };
  }

  /** Starts setting up (again): a fresh secret, kept until a code from it turns two-factor on. */
  async begin(operator: { id: number; email: string }): Promise<TwoFactorEnrolment> {
    const secret = new Secret({ size: 20 }).base32;
    await this.db.run('UPDATE operators SET totp_pending_sealed = ? WHERE id = ?', [
      this.box.seal(secret, sealContext(operator.id)),
      operator.id,
    ]);
    return { uri: totp(secret, operator.email).toString(), secret };
  }

  /**
   * A code from the secret being set up turns two-factor on: returns the new recovery codes
   * (in clear this once), or undefined when the code is not a current one of that secret.
   */
  async confirm(operatorId: number, code: string): Promise<string[] | undefined> {
    const row = await this.db.get<{ totp_pending_sealed: string }>(
      'SELECT totp_pending_sealed FROM operators WHERE id = ?',
      [operatorId],
    );
    const pending = row?.totp_pending_sealed;
    if (!pending) return undefined;
    const step = matchingStep(this.box.open(pending, sealContext(operatorId)), code);
    if (step === undefined) return undefined;
    const codes = newRecoveryCodes();
    const done = await this.db.tx(async (q) => {
      // Only the secret this code was checked against (not one a second Set up replaced meanwhile).
      const r = await q.run(
        `UPDATE operators SET totp_sealed = totp_pending_sealed, totp_pending_sealed = '', totp_last_step = ?, totp_since = ?
          WHERE id = ? AND totp_pending_sealed = ?`,
        [step, Math.floor(Date.now() / 1000), operatorId, pending],
      );
      if (r.changes !== 1) return false;
      await this.replaceRecoveryCodes(q, operatorId, codes);
      return true;
    });
    return done ? codes : undefined;
  }

  /** Whether `code` is a current code of the operator's secret not taken before; taking it. */
  async takeCode(operatorId: number, code: string): Promise<boolean> {
    const row = await this.db.get<{ totp_sealed: string }>('SELECT totp_sealed FROM operators WHERE id = ?', [
      operatorId,
    ]);
    if (!row?.totp_sealed) return false;
    const step = matchingStep(this.box.open(row.totp_sealed, sealContext(operatorId)), code);
    if (step === undefined) return false;
    const r = await this.db.run(
      "UPDATE operators SET totp_last_step = ? WHERE id = ? AND totp_last_step < ? AND totp_sealed <> ''",
      [step, operatorId, step],
    );
    return r.changes === 1;
  }

  /** Uses a recovery code once: how many are left after it, or undefined when it is not an unused one. */
  async takeRecoveryCode(operatorId: number, code: string): Promise<number | undefined> {
    if (normalizeRecoveryCode(code).length !== 16) return undefined;
    const r = await this.db.run(
      'UPDATE operator_recovery_codes SET used_ts = ? WHERE operator_id = ? AND code_hash = ? AND used_ts = 0',
      [Math.floor(Date.now() / 1000), operatorId, hashCode(code)],
    );
    if (r.changes !== 1) return undefined;
    return (await this.status(operatorId)).recoveryCodesLeft;
  }

  /** New recovery codes in place of the old (all of which stop working). */
  async renewRecoveryCodes(operatorId: number): Promise<string[]> {
    const codes = newRecoveryCodes();
    await this.db.tx((q) => this.replaceRecoveryCodes(q, operatorId, codes));
    return codes;
  }

  /** Two-factor off: the secret, one being set up, and the recovery codes are gone. False when it was off. */
  async turnOff(operatorId: number): Promise<boolean> {
    return this.db.tx(async (q) => {
      const r = await q.run(
        "UPDATE operators SET totp_sealed = '', totp_pending_sealed = '', totp_since = 0 WHERE id = ? AND totp_sealed <> ''",
        [operatorId],
      );
      await q.run('DELETE FROM operator_recovery_codes WHERE operator_id = ?', [operatorId]);
      return r.changes === 1;
    });
  }

  /** rotate-server-key: every secret (on, or being set up) sealed again under the new key. */
  async reseal(from: SecretBox, to: SecretBox): Promise<{ resealed: number; unreadable: number[] }> {
    return this.db.tx(async (q) => {
      const rows = await q.all<{ id: number; totp_sealed: string; totp_pending_sealed: string }>(
        "SELECT id, totp_sealed, totp_pending_sealed FROM operators WHERE totp_sealed <> '' OR totp_pending_sealed <> ''",
      );
      let resealed = 0;
      const unreadable: number[] = [];
      const again = (sealed: string, id: number) =>
        !sealed || sealedBy(sealed) === to.fingerprint
          ? sealed
          : to.seal(from.open(sealed, sealContext(id)), sealContext(id));
      for (const r of rows) {
        const id = Number(r.id);
        try {
          const on = again(r.totp_sealed, id);
          const pending = again(r.totp_pending_sealed, id);
          await q.run('UPDATE operators SET totp_sealed = ?, totp_pending_sealed = ? WHERE id = ?', [on, pending, id]);
          resealed++;
        } catch {
          unreadable.push(id); // sealed under neither key (or damaged): left as it is
        }
      }
      return { resealed, unreadable };
    });
  }

  private async replaceRecoveryCodes(q: Queryable, operatorId: number, codes: string[]) {
    await q.run('DELETE FROM operator_recovery_codes WHERE operator_id = ?', [operatorId]);
    for (const c of codes)
      await q.run('INSERT INTO operator_recovery_codes (operator_id, code_hash) VALUES (?, ?)', [
        operatorId,
        hashCode(c),
      ]);
  }
}
