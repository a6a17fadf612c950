import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import { auditActions, listAudit, recordAudit } from '@/lib/console/audit';
import { auditCsv } from '@/lib/console/audit-csv';
import { consoleDb } from '@/lib/console/db';

type AuditFilter = { operator?: string; action?: string; before?: number };

// audit.view
export async function readAudit(filter: AuditFilter) {
  await requirePermission('audit.view');
  const db = await consoleDb();
  const [page, actions] = await Promise.all([listAudit(db, { ...filter, count: 50 }), auditActions(db)]);
  return { ...page, actions };
}

/** The most rows one export holds; narrow the filter for more. */
export const MAX_EXPORT_ROWS = 100_000;
const EXPORT_PAGE = 1000;

/**
 * audit.view: the filtered audit log as CSV, newest first, in chunks read a page at a time
 * (a large log never sits in memory whole). The permission is checked, and the export itself
 * audited, before the first chunk.
 */
export async function exportAuditCsv(filter: Omit<AuditFilter, 'before'>): Promise<AsyncIterable<string>> {
  const operator = await requirePermission('audit.view');
  const db = await consoleDb();
  const described = [filter.operator && `operator ${filter.operator}`, filter.action && `action ${filter.action}`];
  await recordAudit(db, {
    operatorId: operator.id,
    operatorEmail: operator.email,
    role: operator.role,
    action: 'audit.export',
    target: described.filter(Boolean).join(', ') || 'all entries',
    outcome: 'ok',
  });
  return (async function* () {
    let before: number | undefined;
    let sent = 0;
    do {
      const page = await listAudit(db, { ...filter, before, count: Math.min(EXPORT_PAGE, MAX_EXPORT_ROWS - sent) });
      yield auditCsv(page.rows, sent === 0);
      sent += page.rows.length;
      before = page.next;
    } while (before !== undefined && sent < MAX_EXPORT_ROWS);
  })();
}
