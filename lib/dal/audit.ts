import 'server-only';
import type { z } from 'zod';
import { auditRequest } from '@/lib/auth/audit-entry';
import { requirePermission } from '@/lib/auth/session';
import { type AuditRow, auditActions, listAudit } from '@/lib/console/audit';
import { auditCsv } from '@/lib/console/audit-csv';
import type { Operator } from '@/lib/console/operators';
import { subjectOf } from '@/lib/domain/audit-targets';
import { consoleDb } from '@/lib/server/db';
import type { AuditFilter as AuditFilterSchema } from '@/lib/validations/audit';
import { operatorDays } from './day-range';

/** The audit log as the console shows it: each entry, and where to continue (`next`). */
export type AuditRowDto = AuditRow;
type AuditFilter = Omit<z.output<typeof AuditFilterSchema>, 'cursor'>;
const PAGE = 50;

/**
 * The filter as the log reads it, within the apps the operator may use (limited: only those
 * apps' entries), and how it reads to a person (the export's entry): a target in any case, a range
 * of days in the operator's time zone (refused on its field when it is not one).
 */
async function queryOf(f: AuditFilter, operator: Operator) {
  const { text: days, ...range } = await operatorDays(f);
  const subject = subjectOf(f.target);
  const query = {
    operator: f.operator || undefined,
    action: f.action || undefined,
    app: f.app ? Number(f.app) : undefined,
    subject: subject || undefined,
    outcome: f.outcome || undefined,
    ...range,
    within: operator.apps,
  };
  const described = [
    f.target && `target ${f.target}`,
    f.operator && `operator ${f.operator}`,
    f.action && `action ${f.action}`,
    f.outcome && `outcome ${f.outcome}`,
    f.app && `app ${f.app}`,
    days && `written ${days}`,
  ].filter(Boolean);
  return { query, described: described.join(', ') || 'all entries' };
}

export async function readAudit(filter: AuditFilter, cursor?: string) {
  const operator = await requirePermission('audit.view');
  const { query } = await queryOf(filter, operator);
  const page = await listAudit(await consoleDb(), {
    ...query,
    before: cursor ? Number(cursor) : undefined,
    count: PAGE,
  });
  return { rows: page.rows as AuditRowDto[], next: page.next === undefined ? undefined : String(page.next) };
}

/** The action names seen so far, for the filter's list. */
export async function readAuditActions(): Promise<string[]> {
  const operator = await requirePermission('audit.view');
  // A limited operator sees only its apps' entries: only their actions are offered.
  return auditActions(await consoleDb(), operator.apps === 'all' ? undefined : operator.apps);
}

/** The most rows one export holds; narrow the filter for more. */
export const MAX_EXPORT_ROWS = 100_000;
const EXPORT_PAGE = 1000;

/**
 * The filtered audit log as CSV, newest first, in chunks read a page at a time (a large log
 * never sits in memory whole). The permission is checked, and the export itself audited,
 * before the first chunk.
 */
export async function exportAuditCsv(filter: AuditFilter): Promise<AsyncIterable<string>> {
  const operator = await requirePermission('audit.view');
  const db = await consoleDb();
  const { query, described } = await queryOf(filter, operator);
  await auditRequest({ operator }, { action: 'audit.export', target: described, outcome: 'ok' }, 'repeatable');
  return (async function* () {
    let before: number | undefined;
    let sent = 0;
    do {
      const page = await listAudit(db, { ...query, before, count: Math.min(EXPORT_PAGE, MAX_EXPORT_ROWS - sent) });
      yield auditCsv(page.rows, sent === 0);
      sent += page.rows.length;
      before = page.next;
    } while (before !== undefined && sent < MAX_EXPORT_ROWS);
  })();
}
