import { csvRecords } from '@/lib/csv/write';
import { changesText } from '@/lib/domain/audit-changes';
import type { AuditRow } from './audit';

/**
 * The audit log as CSV, for spreadsheets and compliance archives, a change's fields in one cell
 * (`active: true → false; name: "A" → "B"`). Targets, details and changes can hold
 * what users typed (addresses, group names): csvRecords neutralizes cells a spreadsheet would
 * run as formulas.
 */
export const AUDIT_CSV_COLUMNS = [
  'time',
  'operator',
  'role',
  'action',
  'target',
  'outcome',
  'detail',
  'changes',
  'request_id',
  'app',
  'repeats',
  'last_time',
];

export function auditCsv(rows: AuditRow[], withHeader: boolean): string {
  const records = rows.map((r) => [
    new Date(r.ts * 1000).toISOString(),
    r.operatorEmail,
    r.role,
    r.action,
    r.target,
    r.outcome,
    r.detail,
    r.changes ? changesText(r.changes) : '',
    r.requestId,
    r.appId === undefined ? '' : String(r.appId),
    String(r.repeats),
    new Date(r.lastTs * 1000).toISOString(),
  ]);
  return csvRecords(withHeader ? [AUDIT_CSV_COLUMNS, ...records] : records);
}
