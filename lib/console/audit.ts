import 'server-only';
import { countOne, sharedLimiter } from '@/lib/db/shared-limiter';
import { idWindow, inTimeRange } from '@/lib/db/time-window';
import type { Db, Queryable } from '@/lib/db/types';
import { type Changes, parseChanges } from '@/lib/domain/audit-changes';
import type { AuditOutcome } from '@/lib/domain/audit-outcomes';
import { env } from '@/lib/env';
import { keepSubjects, subjectsOf } from './audit-subjects';
import type { Operator } from './operators';

/**
 * The audit log: who did what to which target, and how it ended. Entries never hold a
 * token, a password or a request body; `detail` is a short human sentence.
 */
export interface AuditEntry {
  operatorId?: number;
  operatorEmail: string;
  role: string;
  action: string;
  target?: string;
  outcome: AuditOutcome;
  detail?: string;
  requestId?: string;
  /** The app acted on (console app id); none for console-wide actions. */
  appId?: number;
  /** What a change changed, field by field. */
  changes?: Changes;
  /** Subjects beyond those its target names (every address of a bulk add): lib/console/audit-subjects.ts. */
  subjects?: readonly string[];
}

export interface AuditRow extends Required<Omit<AuditEntry, 'operatorId' | 'appId' | 'changes' | 'subjects'>> {
  changes?: Changes;
  id: number;
  ts: number;
  appId?: number;
  /** How many times it happened (a repeated refusal or read of one session within a minute); 1 for most. */
  repeats: number;
  /** When it last happened, where it repeated. */
  lastTs: number;
}

export async function recordAudit(db: Db, e: AuditEntry): Promise<void> {
  await insertEntry(db, e);
}

const INSERT_ENTRY = `INSERT INTO audit_log (ts, operator_id, operator_email, role, action, target, outcome, detail, request_id, app_id, changes)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`;

const entryValues = (e: AuditEntry, target: string) => [
  Math.floor(Date.now() / 1000),
  e.operatorId ?? null,
  e.operatorEmail.slice(0, 320),
  e.role,
  e.action,
  target,
  e.outcome,
  (e.detail ?? '').slice(0, 1000),
  e.requestId ?? '',
  e.appId ?? null,
  e.changes?.fields.length ? JSON.stringify(e.changes) : '',
];

/** Writes an entry and its subjects in `q` (a transaction); returns its id. */
async function insertIn(q: Queryable, e: AuditEntry): Promise<number> {
  const target = (e.target ?? '').slice(0, 300);
  const id = Number((await q.get<{ id: number }>(INSERT_ENTRY, entryValues(e, target)))?.id);
  await keepSubjects(
    q,
    subjectsOf(e.action, target, e.subjects).map((s) => [s, id] as const),
  );
  return id;
}

/** The entry and its subjects, in one transaction (an entry is never without its subjects). */
async function insertEntry(db: Db, e: AuditEntry): Promise<number> {
  const target = (e.target ?? '').slice(0, 300);
  // Most entries name nothing the log is filtered by: one statement then.
  if (!subjectsOf(e.action, target, e.subjects).length)
    return Number((await db.write<{ id: number }>(INSERT_ENTRY, entryValues(e, target)))[0]?.id);
  return db.tx((q) => insertIn(q, e));
}

/**
 * The entries of many rows of one bulk action (one per user or member it changed, each with its
 * changes), in one transaction (`q`, the one holding their rows' outcomes, where there is one),
 * a few statements for hundreds of entries: each entry's subjects are read back from its own
 * returned row (never by the order rows return in).
 */
const MANY_CHUNK = 200;
export async function recordAuditMany(db: Db, entries: readonly AuditEntry[], q?: Queryable): Promise<void> {
  if (!entries.length) return;
  const write = async (tx: Queryable) => {
    for (let i = 0; i < entries.length; i += MANY_CHUNK) {
      const chunk = entries.slice(i, i + MANY_CHUNK).map((e) => ({ ...e, target: (e.target ?? '').slice(0, 300) }));
      if (chunk.some((e) => e.subjects?.length)) {
        for (const e of chunk) await insertIn(tx, e);
        continue;
      }
      const rows = await tx.all<{ id: number; action: string; target: string }>(
        `INSERT INTO audit_log (ts, operator_id, operator_email, role, action, target, outcome, detail, request_id, app_id, changes)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} RETURNING id, action, target`,
        chunk.flatMap((e) => entryValues(e, e.target)),
      );
      await keepSubjects(
        tx,
        rows.flatMap((r) => subjectsOf(r.action, r.target).map((s) => [s, Number(r.id)] as const)),
      );
    }
  };
  await (q ? write(q) : db.tx(write));
}

/**
 * Entries a signed-in operator causes without changing anything (refusals, invalid input,
 * failed reads, exports) are bounded per session, so that a session cannot flood the log:
 * - the same entry (action, target, outcome, app) again within a minute adds to the first
 *   one's `repeats` instead of writing a row;
 * - beyond AUDIT_SESSION_LIMIT such rows a minute, the rest are counted on one
 *   `audit.suppressed` row of that session (itself repeated the same way).
 * Changes, and failures after which a change may have happened, are never bounded: they go
 * through `recordAudit`. The repeats are kept per instance (several instances may each write
 * one row per minute); the per-session limit is shared through PostgreSQL.
 */
const REPEAT_WINDOW_MS = 60_000;
const repeated = new Map<string, { id: number; until: number }>();

function forget(now: number) {
  if (repeated.size < 10_000) return;
  for (const [k, v] of repeated) if (v.until <= now) repeated.delete(k);
}

async function countRepeat(db: Db, key: string, e: AuditEntry): Promise<void> {
  const now = Date.now();
  const seen = repeated.get(key);
  if (seen && seen.until > now) {
    await db.run('UPDATE audit_log SET repeats = repeats + 1, last_ts = ? WHERE id = ?', [
      Math.floor(now / 1000),
      seen.id,
    ]);
    return;
  }
  forget(now);
  repeated.set(key, { id: await insertEntry(db, e), until: now + REPEAT_WINDOW_MS });
}

export async function recordRepeatable(db: Db, e: AuditEntry, session: string): Promise<void> {
  const key = JSON.stringify([session, e.action, e.target ?? '', e.outcome, e.appId ?? null]);
  const seen = repeated.get(key);
  if (seen && seen.until > Date.now()) return countRepeat(db, key, e);
  const limit = env().AUDIT_SESSION_LIMIT;
  const perSession = sharedLimiter(db, { keyPrefix: 'audit-session', points: limit, duration: 60 });
  if (!(await countOne(perSession, session))) return countRepeat(db, key, e);
  await countRepeat(db, JSON.stringify([session, 'audit.suppressed']), {
    ...e,
    action: 'audit.suppressed',
    target: `session of ${e.operatorEmail}`,
    outcome: 'denied',
    detail:
      `More than ${limit} refusals or reads in a minute from one session: the rest are counted here (the first left out: ${e.action} ${e.target ?? ''})`.slice(
        0,
        500,
      ),
  });
}

/**
 * Who caused an entry: a signed-in operator (its session bounds what it can write), or a
 * request without a session (its client address bounds it).
 */
export type AuditAuthor =
  | { operator: Pick<Operator, 'id' | 'email' | 'role' | 'sessionId'> }
  /** `claimed`: who the request said it was (a failed sign-in's e-mail), unproven. */
  | { clientAddress: string; claimed?: { email: string; id?: number } };

/**
 * The one way an entry is written for a request. `change`: something changed, or may have
 * (never bounded for an operator); `repeatable`: a refusal or a read (bounded per session).
 * Entries without a session are always bounded (`recordUnauthenticated`).
 */
export async function recordBy(
  db: Db,
  author: AuditAuthor,
  e: Omit<AuditEntry, 'operatorId' | 'operatorEmail' | 'role'>,
  kind: 'change' | 'repeatable',
): Promise<void> {
  if ('clientAddress' in author) {
    const who = { operatorEmail: author.claimed?.email ?? 'anonymous', operatorId: author.claimed?.id, role: '-' };
    return recordUnauthenticated(db, { ...e, ...who }, author.clientAddress);
  }
  const { operator } = author;
  const entry = { ...e, operatorId: operator.id, operatorEmail: operator.email, role: operator.role };
  if (kind === 'change') return recordAudit(db, entry);
  return recordRepeatable(db, entry, operator.sessionId ?? `operator ${operator.id}`);
}

/**
 * Entries written for someone not signed in (a refused request, a failed sign-in with an
 * e-mail of the sender's choosing) are bounded: at most AUDIT_UNAUTHENTICATED_LIMIT per
 * client address, and 20 times that in all, per 10 minutes. Beyond that they are folded
 * into `audit.suppressed` entries that say how many were left out (written at the 1st,
 * 10th, 100th ... left out, so they stay few): real events are not buried and the disk is
 * not filled. Counted for all instances on one PostgreSQL (lib/db/shared-limiter.ts).
 */
const WINDOW_S = 10 * 60;
function bounds(db: Db) {
  const limit = env().AUDIT_UNAUTHENTICATED_LIMIT;
  return {
    perAddress: sharedLimiter(db, { keyPrefix: 'audit-anonymous', points: limit, duration: WINDOW_S }),
    total: sharedLimiter(db, { keyPrefix: 'audit-anonymous-all', points: limit * 20, duration: WINDOW_S }),
  };
}
const isPowerOfTen = (n: number) => n > 0 && 10 ** Math.round(Math.log10(n)) === n;

export async function recordUnauthenticated(db: Db, e: AuditEntry, clientAddress: string): Promise<void> {
  const { perAddress, total } = bounds(db);
  const fromAddress = await countOne(perAddress, clientAddress);
  const inAll = fromAddress ? 0 : await countOne(total, 'all');
  if (!fromAddress && !inAll) return recordAudit(db, e);
  const left = fromAddress || inAll;
  if (!isPowerOfTen(left)) return;
  const scope = fromAddress ? `from ${clientAddress}` : 'from all addresses';
  const limit = fromAddress ? perAddress.points : total.points;
  await recordAudit(db, {
    operatorEmail: 'anonymous',
    role: '-',
    action: 'audit.suppressed',
    target: fromAddress ? clientAddress : 'all addresses',
    outcome: 'denied',
    detail: `${left} unauthenticated event${left === 1 ? '' : 's'} ${scope} not recorded so far (more than ${limit} in ${WINDOW_S / 60} minutes; the latest: ${e.action} ${e.target ?? ''})`,
  });
}

/** What the log is filtered by; every field narrows it. */
export interface AuditQuery {
  operator?: string;
  action?: string;
  /** Everything done to a user, a group, a job or an operator: a subject (lib/domain/audit-targets.ts subjectOf). */
  subject?: string;
  outcome?: AuditEntry['outcome'];
  /** Written in this time range (epoch seconds, `until` excluded). */
  since?: number;
  until?: number;
  /** Only the entries of this app. */
  app?: number;
  /** Only entries of these apps (an operator limited to some apps): console-wide ones are left out. */
  within?: 'all' | number[];
  before?: number;
  count: number;
}

/**
 * A page of the log, newest first. By target, the walk is the subject's own rows (its index,
 * newest first), each entry joined for the other filters: a target's few entries among a million
 * are read alone. By time, the walk is the range's window of ids (lib/db/time-window.ts); the
 * time itself is checked on the entries (`+a.ts`: never a reason to read the index by time and
 * sort).
 */
export async function listAudit(db: Db, filter: AuditQuery): Promise<{ rows: AuditRow[]; next?: number }> {
  const bySubject = Boolean(filter.subject);
  const id = bySubject ? 's.audit_id' : 'a.id';
  const timed = filter.since !== undefined || filter.until !== undefined;
  const window = timed ? await idWindow(db, { table: 'audit_log', id: 'id' }, filter) : {};
  const range = inTimeRange({ ts: '+a.ts', id }, filter, window, filter.before);
  const where: string[] = [...range.where];
  const params: (string | number)[] = [...range.params];
  const add = (sql: string, ...values: (string | number)[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (bySubject) add('s.subject = ? AND a.id = s.audit_id', filter.subject as string);
  if (filter.app !== undefined) add('a.app_id = ?', filter.app);
  if (filter.within && filter.within !== 'all') {
    if (filter.within.length) add(`a.app_id IN (${filter.within.map(() => '?').join(', ')})`, ...filter.within);
    else add('1 = 0');
  }
  if (filter.operator) add('a.operator_email = ?', filter.operator.toLowerCase());
  if (filter.action) add('a.action = ?', filter.action);
  if (filter.outcome) add('a.outcome = ?', filter.outcome);
  // CROSS JOIN: SQLite walks the subject's rows first, as written (PostgreSQL plans it as a join).
  const from = bySubject ? 'audit_subjects s CROSS JOIN audit_log a' : 'audit_log a';
  const rows = await db.all<{
    id: number;
    ts: number;
    operator_email: string;
    role: string;
    action: string;
    target: string;
    outcome: AuditEntry['outcome'];
    detail: string;
    request_id: string;
    app_id: number | null;
    repeats: number;
    last_ts: number;
    changes: string;
  }>(
    `SELECT a.id, a.ts, a.operator_email, a.role, a.action, a.target, a.outcome, a.detail, a.request_id, a.app_id,
       a.repeats, a.last_ts, a.changes
     FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${id} DESC LIMIT ?`,
    [...params, filter.count + 1],
  );
  const mapped = rows.slice(0, filter.count).map((r) => ({
    id: Number(r.id),
    ts: Number(r.ts),
    operatorEmail: r.operator_email,
    role: r.role,
    action: r.action,
    target: r.target,
    outcome: r.outcome,
    detail: r.detail,
    requestId: r.request_id,
    repeats: Number(r.repeats),
    lastTs: Number(r.last_ts) || Number(r.ts),
    ...(r.app_id === null ? {} : { appId: Number(r.app_id) }),
    ...(r.changes ? { changes: parseChanges(r.changes) } : {}),
  }));
  return { rows: mapped, next: rows.length > filter.count ? mapped[mapped.length - 1].id : undefined };
}

/** The action names in the log; `within`: only in those apps' entries (an operator limited to some apps). */
export async function auditActions(db: Db, within?: readonly number[]): Promise<string[]> {
  if (within && !within.length) return [];
  const where = within ? ` WHERE app_id IN (${within.map(() => '?').join(', ')})` : '';
  return (
    await db.all<{ action: string }>(`SELECT DISTINCT action FROM audit_log${where} ORDER BY action`, [
      ...(within ?? []),
    ])
  ).map((r) => r.action);
}

/**
 * Retention (AUDIT_RETENTION_DAYS, daily): removes the entries written before `before` (epoch
 * seconds), oldest first through the index by time (migration 25), 5,000 to a statement, so that
 * a first run over a million old entries never holds the log for long. Returns how many went.
 */
const FORGET_CHUNK = 5000;
export async function forgetAudit(db: Db, before: number): Promise<number> {
  let gone = 0;
  for (;;) {
    const { changes } = await db.run(
      `DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE ts < ? ORDER BY ts, id LIMIT ${FORGET_CHUNK})`,
      [before],
    );
    gone += changes;
    if (changes < FORGET_CHUNK) return gone;
  }
}
