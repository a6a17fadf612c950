import 'server-only';
import type { Db } from '@/lib/backend/db/types';

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
  outcome: 'ok' | 'denied' | 'failed' | 'invalid';
  detail?: string;
  requestId?: string;
}

export interface AuditRow extends Required<Omit<AuditEntry, 'operatorId'>> {
  id: number;
  ts: number;
}

export async function recordAudit(db: Db, e: AuditEntry): Promise<void> {
  await db.run(
    `INSERT INTO audit_log (ts, operator_id, operator_email, role, action, target, outcome, detail, request_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      Math.floor(Date.now() / 1000),
      e.operatorId ?? null,
      e.operatorEmail.slice(0, 320),
      e.role,
      e.action,
      (e.target ?? '').slice(0, 300),
      e.outcome,
      (e.detail ?? '').slice(0, 500),
      e.requestId ?? '',
    ],
  );
}

export async function listAudit(
  db: Db,
  filter: { operator?: string; action?: string; before?: number; count: number },
): Promise<{ rows: AuditRow[]; next?: number }> {
  const where: string[] = ['id < ?'];
  const params: (string | number)[] = [filter.before ?? Number.MAX_SAFE_INTEGER];
  if (filter.operator) {
    where.push('operator_email = ?');
    params.push(filter.operator.toLowerCase());
  }
  if (filter.action) {
    where.push('action = ?');
    params.push(filter.action);
  }
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
  }>(
    `SELECT id, ts, operator_email, role, action, target, outcome, detail, request_id FROM audit_log
     WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`,
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
  }));
  return { rows: mapped, next: rows.length > filter.count ? mapped[mapped.length - 1].id : undefined };
}

export async function auditActions(db: Db): Promise<string[]> {
  return (await db.all<{ action: string }>('SELECT DISTINCT action FROM audit_log ORDER BY action')).map(
    (r) => r.action,
  );
}
