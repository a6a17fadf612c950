import { z } from 'zod';
import { badRequest, jsonError } from '@/lib/api/respond';
import { exportAuditCsv } from '@/lib/dal/audit';

const Filter = z.object({
  operator: z.string().trim().max(320).optional(),
  action: z.string().trim().max(64).optional(),
});

/** GET /api/audit/export?operator=&action= : the filtered audit log as a CSV download. */
export async function GET(request: Request) {
  const parsed = Filter.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return badRequest('Bad filter: operator is an e-mail, action an audit action name.');
  const { operator, action } = parsed.data;
  try {
    const chunks = await exportAuditCsv({ operator: operator || undefined, action: action || undefined });
    const encoder = new TextEncoder();
    const pages = chunks[Symbol.asyncIterator]();
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
  } catch (e) {
    return jsonError(e, request);
  }
}
