import { z } from 'zod';
import { badRequest, json, jsonError } from '@/lib/api/respond';
import { listMembers } from '@/lib/dal/groups';
import { Gid } from '@/lib/validations/common';

const Query = z.object({
  cursor: z
    .string()
    .regex(/^\d{1,16}$/)
    .optional(),
});

/** GET /api/groups/<gid>/members?cursor= : one page (100) of a group's members. */
export async function GET(request: Request, ctx: { params: Promise<{ gid: string }> }) {
  const gid = Gid.safeParse((await ctx.params).gid);
  const query = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!gid.success || !query.success) return badRequest('Bad group id or cursor.');
  try {
    return json(await listMembers(gid.data, query.data.cursor));
  } catch (e) {
    return jsonError(e, request);
  }
}
