import { stringify } from 'csv-stringify/sync';
import type { AuditRow } from './audit';

/**
 * The audit log as CSV (RFC 4180, via csv-stringify), for spreadsheets and compliance archives.
 * Targets and details can hold what users typed (addresses, group names), so a cell that a
 * spreadsheet would run as a formula (= + - @, tab, carriage return first) is prefixed with
 * an apostrophe, as OWASP advises against CSV injection.
 */
export const AUDIT_CSV_COLUMNS = [
  'time',
  'operator',
  'role',
  'action',
  'target',
  'outcome',
  'detail',
  'request_id',
  'app',
  'repeats',
  'last_time',
];

const FORMULA_START = /^[=+\-@\t\r]/;
export function neutralizeFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function auditCsv(rows: AuditRow[], withHeader: boolean): string {
  const records = rows.map((r) =>
    [
      new Date(r.ts * 1000).toISOString(),
      r.operatorEmail,
      r.role,
      r.action,
      r.target,
      r.outcome,
      r.detail,
      r.requestId,
      r.appId === undefined ? '' : String(r.appId),
      String(r.repeats),
      new Date(r.lastTs * 1000).toISOString(),
    ].map(neutralizeFormula),
  );
  return stringify(records, { header: withHeader, columns: AUDIT_CSV_COLUMNS, record_delimiter: 'windows' });
}
