import { badRequest, csvDownload, failure, queryOf, read } from '@/lib/api/respond';
import { exportAuditCsv } from '@/lib/dal/audit';
import { AuditFilter } from '@/lib/validations/audit';

/** GET /api/audit/export?target=&app=&operator=&action=&outcome=&since=&until= : the filtered audit log as a CSV download. */
export async function GET(request: Request) {
  const parsed = AuditFilter.safeParse(queryOf(request));
  if (!parsed.success) return badRequest('Bad filter: operator is an e-mail, action an audit action name.');
  const r = await read(request, () => exportAuditCsv(parsed.data));
  if (r.error) return failure(r.error);
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return csvDownload(`audit-log-${stamp}.csv`, r.data[Symbol.asyncIterator]());
}
