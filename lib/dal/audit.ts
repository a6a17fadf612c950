import 'server-only';
import { auditRequest } from '@/lib/auth/audit-entry';
import { requirePermission } from '@/lib/auth/session';
import { type AuditRow, auditActions, listAudit } from '@/lib/console/audit';
import { auditCsv } from '@/lib/console/audit-csv';
import type { Operator } from '@/lib/console/operators';
import { consoleDb } from '@/lib/server/db';

/** The audit log as the console shows it: each entry, and where to continue (`next`). */
export type AuditRowDto = AuditRow;
type AuditFilter = { operator: string; action: string; app: string };
const PAGE = 50;

/** The filter, within the apps the operator may use (limited: only those apps' entries). */
const where = (f: AuditFilter, operator: Operator) => ({
  operator: f.operator || undefined,
  action: f.action || undefined,
  app: f.app ? Number(f.app) : undefined,
  within: operator.apps,
});

export async function readAudit(filter: AuditFilter, cursor?: string) {
  const operator = await requirePermission('audit.view');
  const page = await listAudit(await consoleDb(), {
    ...where(filter, operator),
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
  const described = [
    filter.operator && `operator ${filter.operator}`,
    filter.action && `action ${filter.action}`,
    filter.app && `app ${filter.app}`,
  ];
  await auditRequest(
    { operator },
    { action: 'audit.export', target: described.filter(Boolean).join(', ') || 'all entries', outcome: 'ok' },
    'repeatable',
  );
  return (async function* () {
    let before: number | undefined;
    let sent = 0;
    do {
      const page = await listAudit(db, {
        ...where(filter, operator),
        before,
        count: Math.min(EXPORT_PAGE, MAX_EXPORT_ROWS - sent),
      });
      yield auditCsv(page.rows, sent === 0);
      sent += page.rows.length;
      before = page.next;
    } while (before !== undefined && sent < MAX_EXPORT_ROWS);
  })();
}
