import { badRequest, json, jsonError } from '@/lib/api/respond';
import { listMessages } from '@/lib/dal/messages';
import { MessageFilter } from '@/lib/validations/messages';

/** GET /api/messages?from=&to=&gid=&cursor= : one page of the message log, newest first. */
export async function GET(request: Request) {
  const parsed = MessageFilter.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return badRequest('Bad filter.');
  const f = parsed.data;
  try {
    return json(await listMessages({ from: f.from, to: f.to, gid: f.gid ? Number(f.gid) : undefined }, f.cursor));
  } catch (e) {
    return jsonError(e, request);
  }
}
