import 'server-only';
import { hash, verify } from '@node-rs/argon2';
import type { Role } from '@/lib/auth/roles';
import type { Db } from '@/lib/backend/db/types';
import { randomToken } from '@/lib/backend/secrets';

/**
 * Console operators, stored in the product's database with argon2id password hashes.
 * `session_version` is part of every session; bumping it (sign-out everywhere, disable,
 * role or password change) ends the operator's existing sessions on their next request.
 */
export interface Operator {
  id: number;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  sessionVersion: number;
  createdTs: number;
}

type Row = {
  id: number;
  email: string;
  name: string;
  role: Role;
  disabled: number;
  session_version: number;
  created_ts: number;
};
const COLUMNS = 'id, email, name, role, disabled, session_version, created_ts';
const toOperator = (r: Row): Operator => ({
  id: Number(r.id),
  email: r.email,
  name: r.name,
  role: r.role,
  disabled: Number(r.disabled) === 1,
  sessionVersion: Number(r.session_version),
  createdTs: Number(r.created_ts),
});
const now = () => Math.floor(Date.now() / 1000);

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_SECONDS = 15 * 60;

// Verified against when the e-mail is unknown, so both failures take the same time.
let dummyHash: Promise<string> | undefined;

export async function countOperators(db: Db): Promise<number> {
  return Number((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM operators'))?.n ?? 0);
}

export async function getOperator(db: Db, id: number): Promise<Operator | undefined> {
  const r = await db.get<Row>(`SELECT ${COLUMNS} FROM operators WHERE id = ?`, [id]);
  return r ? toOperator(r) : undefined;
}

export async function listOperators(db: Db): Promise<Operator[]> {
  return (await db.all<Row>(`SELECT ${COLUMNS} FROM operators ORDER BY email`)).map(toOperator);
}

export class OperatorExistsError extends Error {}

export async function createOperator(
  db: Db,
  input: { email: string; name?: string; role: Role; password: string },
): Promise<Operator> {
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hash(input.password);
  const t = now();
  return db.tx(async (q) => {
    if (await q.get('SELECT id FROM operators WHERE email = ?', [email])) throw new OperatorExistsError(email);
    const r = await q.get<Row>(
      `INSERT INTO operators (email, name, role, password_hash, created_ts, updated_ts) VALUES (?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
      [email, input.name ?? '', input.role, passwordHash, t, t],
    );
    if (!r) throw new Error('operator insert returned nothing');
    return toOperator(r);
  });
}

/** Changes role, name or disabled state; any change of role or state ends the operator's sessions. */
export async function updateOperator(
  db: Db,
  id: number,
  change: { role?: Role; disabled?: boolean; name?: string },
): Promise<Operator | undefined> {
  const endSessions = change.role !== undefined || change.disabled !== undefined;
  const r = await db.tx((q) =>
    q.get<Row>(
      `UPDATE operators SET role = COALESCE(?, role), disabled = COALESCE(?, disabled), name = COALESCE(?, name),
         session_version = session_version + ?, updated_ts = ? WHERE id = ? RETURNING ${COLUMNS}`,
      [
        change.role ?? null,
        change.disabled === undefined ? null : Number(change.disabled),
        change.name ?? null,
        endSessions ? 1 : 0,
        now(),
        id,
      ],
    ),
  );
  return r ? toOperator(r) : undefined;
}

/** Sets a new password, unlocks the account and ends its sessions. */
export async function setPassword(db: Db, id: number, password: string): Promise<boolean> {
  const passwordHash = await hash(password);
  const r = await db.tx((q) =>
    q.run(
      `UPDATE operators SET password_hash = ?, failed_logins = 0, locked_until = 0,
         session_version = session_version + 1, updated_ts = ? WHERE id = ?`,
      [passwordHash, now(), id],
    ),
  );
  return r.changes === 1;
}

/** Ends every session of the operator (sign-out). */
export async function endSessions(db: Db, id: number): Promise<void> {
  await db.run('UPDATE operators SET session_version = session_version + 1 WHERE id = ?', [id]);
}

export type SignInResult =
  | { ok: true; operator: Operator }
  | { ok: false; reason: 'invalid' | 'locked' | 'disabled'; operatorId?: number };

/**
 * Checks e-mail and password. Unknown e-mail and wrong password take the same time and
 * give the same answer to the caller; repeated failures lock the account for a while.
 */
export async function verifyCredentials(db: Db, emailInput: string, password: string): Promise<SignInResult> {
  const email = emailInput.trim().toLowerCase();
  const row = await db.get<Row & { password_hash: string; locked_until: number; failed_logins: number }>(
    `SELECT ${COLUMNS}, password_hash, locked_until, failed_logins FROM operators WHERE email = ?`,
    [email],
  );
  if (!row) {
    dummyHash ??= hash(randomToken(32));
    await verify(await dummyHash, password).catch(() => false);
    return { ok: false, reason: 'invalid' };
  }
  const t = now();
  const passwordOk = await verify(row.password_hash, password).catch(() => false);
  if (Number(row.locked_until) > t) return { ok: false, reason: 'locked', operatorId: Number(row.id) };
  if (!passwordOk) {
    const failures = Number(row.failed_logins) + 1;
    await db.run('UPDATE operators SET failed_logins = ?, locked_until = ? WHERE id = ?', [
      failures >= LOCK_AFTER_FAILURES ? 0 : failures,
      failures >= LOCK_AFTER_FAILURES ? t + LOCK_SECONDS : 0,
      row.id,
    ]);
    return { ok: false, reason: 'invalid', operatorId: Number(row.id) };
  }
  if (Number(row.disabled) === 1) return { ok: false, reason: 'disabled', operatorId: Number(row.id) };
  if (Number(row.failed_logins) !== 0) await db.run('UPDATE operators SET failed_logins = 0 WHERE id = ?', [row.id]);
  return { ok: true, operator: toOperator(row) };
}

/**
 * First start: with no operator at all, creates the first admin from ADMIN_EMAIL /
 * ADMIN_PASSWORD, or admin@localhost with a random password that is returned (to be
 * printed once) and stored nowhere in clear.
 */
export async function ensureFirstAdmin(
  db: Db,
  admin: { email?: string; password?: string },
): Promise<{ email: string; generatedPassword?: string } | undefined> {
  if ((await countOperators(db)) > 0) return undefined;
  const email = admin.email ?? 'admin@localhost';
  const generatedPassword = admin.password ? undefined : randomToken(20);
  try {
    await createOperator(db, {
      email,
      name: 'Administrator',
      role: 'admin',
      password: admin.password ?? generatedPassword ?? '',
    });
  } catch (e) {
    if (e instanceof OperatorExistsError) return undefined; // another process won the race
    throw e;
  }
  return { email: email.toLowerCase(), generatedPassword };
}
