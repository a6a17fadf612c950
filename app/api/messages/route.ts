import { answer, badRequest, queryOf } from '@/lib/api/respond';
import { listMessages } from '@/lib/dal/messages';
import { MessageFilter } from '@/lib/validations/messages';

/** GET /api/messages?from=&to=&gid=&cursor= : one page of the message log, newest first. */
export async function GET(request: Request) {
  const parsed = MessageFilter.safeParse(queryOf(request));
  if (!parsed.success) return badRequest('Bad filter.');
  return answer(request, () => listMessages(parsed.data, parsed.data.cursor));
}
