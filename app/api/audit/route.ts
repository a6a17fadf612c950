import { answer, badRequest, queryOf } from '@/lib/api/respond';
import { readAudit } from '@/lib/dal/audit';
import { AuditFilter } from '@/lib/validations/audit';

/** GET /api/audit?target=&app=&operator=&action=&outcome=&since=&until=&cursor= : one page (50) of the audit log, newest first. */
export async function GET(request: Request) {
  const parsed = AuditFilter.safeParse(queryOf(request));
  if (!parsed.success) return badRequest('Bad filter: operator is an e-mail, action an audit action name.');
  return answer(request, () => readAudit(parsed.data, parsed.data.cursor));
}
