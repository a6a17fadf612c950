import { badRequest, queryOf } from '@/lib/api/respond';
import { exportAuditCsv } from '@/lib/dal/audit';
import { loadRead } from '@/lib/dal/page-data';
import { AuditFilter } from '@/lib/validations/audit';

/** GET /api/audit/export?operator=&action= : the filtered audit log as a CSV download. */
export async function GET(request: Request) {
  const parsed = AuditFilter.safeParse(queryOf(request));
  if (!parsed.success) return badRequest('Bad filter: operator is an e-mail, action an audit action name.');
  const r = await loadRead('api.read', 'GET /api/audit/export', () => exportAuditCsv(parsed.data));
  if (r.error) {
    const status = r.error.code === 'unauthorized' ? 401 : r.error.code === 'forbidden' ? 403 : 500;
    return Response.json({ error: r.error }, { status, headers: { 'Cache-Control': 'no-store' } });
  }
  const encoder = new TextEncoder();
  const pages = r.data[Symbol.asyncIterator]();
  // pull: the next page is read only when the client has taken the previous one.
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await pages.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
  });
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-log-${stamp}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
