import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import { auditActions, listAudit } from '@/lib/console/audit';
import { consoleDb } from '@/lib/console/db';

// audit.view
export async function readAudit(filter: { operator?: string; action?: string; before?: number }) {
  await requirePermission('audit.view');
  const db = await consoleDb();
  const [page, actions] = await Promise.all([listAudit(db, { ...filter, count: 50 }), auditActions(db)]);
  return { ...page, actions };
}
