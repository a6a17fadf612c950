import 'server-only';
import { hash, verify } from '@node-rs/argon2';
import { randomToken } from '@/lib/backend';
import type { Role } from '@/lib/console/roles';
import type { Db } from '@/lib/db/types';
import { attemptFailed, attemptSucceeded, clearLocks, pruneLocks, takeAttempt } from './signin-locks';

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
  /** Epoch seconds of the last successful sign-in; 0 = never. */
  lastSignInTs: number;
  /** The apps it may use: every app (the default), or only these (console app ids). Admins: always all. */
  apps: 'all' | number[];
  /** Whether two-factor sign-in is on (lib/console/two-factor.ts). */
  twoFactor: boolean;
  /** The session of the request, where the operator was read from one (bounds its audit entries). */
  sessionId?: string;
}

type Row = {
  id: number;
  email: string;
  name: string;
  role: Role;
  disabled: number;
  session_version: number;
  created_ts: number;
  last_signin_ts: number;
  all_apps: number;
  two_factor: number;
};
const COLUMNS =
  "id, email, name, role, disabled, session_version, created_ts, last_signin_ts, all_apps, CASE WHEN totp_sealed <> '' THEN 1 ELSE 0 END AS two_factor";
const toOperator = (r: Row, limitedTo: number[] = []): Operator => ({
  id: Number(r.id),
  email: r.email,
  name: r.name,
  role: r.role,
  disabled: Number(r.disabled) === 1,
  sessionVersion: Number(r.session_version),
  createdTs: Number(r.created_ts),
  lastSignInTs: Number(r.last_signin_ts),
  apps: r.role === 'admin' || Number(r.all_apps) === 1 ? 'all' : limitedTo,
  twoFactor: Number(r.two_factor) === 1,
});
const now = () => Math.floor(Date.now() / 1000);

// Verified against when the e-mail is unknown, so both failures take the same time.
let dummyHash: Promise<string> | undefined;

export async function countOperators(db: Db): Promise<number> {
  return Number((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM operators'))?.n ?? 0);
}

export async function getOperator(db: Db, id: number): Promise<Operator | undefined> {
  const r = await db.get<Row>(`SELECT ${COLUMNS} FROM operators WHERE id = ?`, [id]);
  if (!r) return undefined;
  if (Number(r.all_apps) === 1) return toOperator(r);
  const apps = await db.all<{ app_id: number }>(
    'SELECT app_id FROM operator_apps WHERE operator_id = ? ORDER BY app_id',
    [id],
  );
  return toOperator(
    r,
    apps.map((a) => Number(a.app_id)),
  );
}

export async function listOperators(db: Db): Promise<Operator[]> {
  const [rows, limits] = await Promise.all([
    db.all<Row>(`SELECT ${COLUMNS} FROM operators ORDER BY email`),
    db.all<{ operator_id: number; app_id: number }>('SELECT operator_id, app_id FROM operator_apps ORDER BY app_id'),
  ]);
  return rows.map((r) =>
    toOperator(
      r,
      limits.filter((l) => Number(l.operator_id) === Number(r.id)).map((l) => Number(l.app_id)),
    ),
  );
}

/**
 * Limits the operator to `apps` (console app ids), or lifts the limit ('all'). Ends its
 * sessions, like a role change: what it may see changed. Admins are never limited (they
 * manage apps and operators), so a limit on an admin is refused by the caller.
 */
export async function setOperatorApps(db: Db, id: number, apps: 'all' | number[]): Promise<Operator | undefined> {
  const found = await db.tx(async (q) => {
    const r = await q.run(
      'UPDATE operators SET all_apps = ?, session_version = session_version + 1, updated_ts = ? WHERE id = ?',
      [apps === 'all' ? 1 : 0, now(), id],
    );
    if (r.changes !== 1) return false;
    await q.run('DELETE FROM operator_apps WHERE operator_id = ?', [id]);
    for (const appId of apps === 'all' ? [] : new Set(apps))
      await q.run('INSERT INTO operator_apps (operator_id, app_id) SELECT ?, id FROM console_apps WHERE id = ?', [
        id,
        appId,
      ]);
    return true;
  });
  return found ? getOperator(db, id) : undefined;
}

export class OperatorExistsError extends Error {}

export async function createOperator(
  db: Db,
  input: { email: string; name?: string; role: Role; password: string },
): Promise<Operator> {
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hash(input.password);
  const t = now();
  // One statement: of two servers (or admins) creating the same e-mail at once, one gets it
  // and the other a clear "exists", never a unique-key failure.
  const r = await db.tx((q) =>
    q.get<Row>(
      `INSERT INTO operators (email, name, role, password_hash, created_ts, updated_ts) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (email) DO NOTHING RETURNING ${COLUMNS}`,
      [email, input.name ?? '', input.role, passwordHash, t, t],
    ),
  );
  if (!r) throw new OperatorExistsError(email);
  return toOperator(r);
}

export class LastAdminError extends Error {}

/**
 * Changes role, name or disabled state; any change of role or state ends the operator's
 * sessions. Refuses (LastAdminError) a change that would leave no enabled admin. The count
 * and the change are one transaction, and on PostgreSQL the enabled admins' rows are
 * locked first, so two admins disabling each other at the same moment cannot both succeed
 * (SQLite runs write transactions one at a time).
 */
export async function updateOperator(
  db: Db,
  id: number,
  change: { role?: Role; disabled?: boolean; name?: string },
): Promise<Operator | undefined> {
  const endSessions = change.role !== undefined || change.disabled !== undefined;
  const mayLoseAdmin = (change.role !== undefined && change.role !== 'admin') || change.disabled === true;
  const r = await db.tx(async (q) => {
    if (mayLoseAdmin) {
      const admins = await q.all<{ id: number }>(
        `SELECT id FROM operators WHERE role = 'admin' AND disabled = 0${db.dialect === 'postgres' ? ' FOR UPDATE' : ''}`,
      );
      if (admins.length === 1 && Number(admins[0].id) === id) throw new LastAdminError();
    }
    return q.get<Row>(
      // An admin is never limited to some apps: promotion lifts a limit for good.
      `UPDATE operators SET role = COALESCE(?, role), disabled = COALESCE(?, disabled), name = COALESCE(?, name),
         all_apps = CASE WHEN ? = 1 THEN 1 ELSE all_apps END,
         session_version = session_version + ?, updated_ts = ? WHERE id = ? RETURNING ${COLUMNS}`,
      [
        change.role ?? null,
        change.disabled === undefined ? null : Number(change.disabled),
        change.name ?? null,
        change.role === 'admin' ? 1 : 0,
        endSessions ? 1 : 0,
        now(),
        id,
      ],
    );
  });
  return r ? getOperator(db, id) : undefined;
}

/** Sets a new password, clears the account's sign-in locks and ends its sessions. */
export async function setPassword(db: Db, id: number, password: string): Promise<boolean> {
  const passwordHash = await hash(password);
  const r = await db.tx((q) =>
    q.run(
      'UPDATE operators SET password_hash = ?, session_version = session_version + 1, updated_ts = ? WHERE id = ?',
      [passwordHash, now(), id],
    ),
  );
  if (r.changes === 1) await clearLocks(db, id);
  return r.changes === 1;
}

export type SignInResult =
  | { ok: true; operator: Operator }
  | { ok: false; reason: 'invalid' | 'locked' | 'disabled'; operatorId?: number };

let prunedAt = 0;

/**
 * Checks e-mail and password, from `clientAddress`. Unknown e-mail, wrong password and a
 * locked account take the same time and give the same answer to the caller. Five failures
 * from one address lock the account for that address (lib/console/signin-locks.ts).
 */
export async function verifyCredentials(
  db: Db,
  emailInput: string,
  password: string,
  clientAddress: string,
): Promise<SignInResult> {
  const email = emailInput.trim().toLowerCase();
  const row = await db.get<Row & { password_hash: string }>(
    `SELECT ${COLUMNS}, password_hash FROM operators WHERE email = ?`,
    [email],
  );
  const id = row ? Number(row.id) : 0;
  if (!row || !(await takeAttempt(db, id, clientAddress))) {
    dummyHash ??= hash(randomToken(32));
    await verify(await dummyHash, password).catch(() => false);
    return row ? { ok: false, reason: 'locked', operatorId: id } : { ok: false, reason: 'invalid' };
  }
  if (!(await verify(row.password_hash, password).catch(() => false))) {
    await attemptFailed(db, id, clientAddress);
    if (Date.now() - prunedAt > 3_600_000) {
      prunedAt = Date.now();
      await pruneLocks(db);
    }
    return { ok: false, reason: 'invalid', operatorId: id };
  }
  await attemptSucceeded(db, id, clientAddress);
  if (Number(row.disabled) === 1) return { ok: false, reason: 'disabled', operatorId: id };
  const operator = await getOperator(db, id);
  return operator ? { ok: true, operator } : { ok: false, reason: 'invalid', operatorId: id };
}

/** Records a completed sign-in (shown on the Operators page). */
export async function recordSignIn(db: Db, id: number): Promise<void> {
  await db.run('UPDATE operators SET last_signin_ts = ? WHERE id = ?', [now(), id]);
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
