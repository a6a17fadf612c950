import { z } from 'zod';
import { answerForApp, badRequest, queryOf } from '@/lib/api/respond';
import { IMPORT_LIMITS } from '@/lib/csv/read';
import { type CheckedImport, type CheckedMembersImport, checkMembersImport, checkUsersImport } from '@/lib/dal/imports';
import { consoleOrigin } from '@/lib/env';
import { originMatches } from '@/lib/server/same-origin';
import { GidParam } from '@/lib/validations/common';

/**
 * POST /api/apps/<app>/imports/users?file=<name> and /imports/members?file=<name>&gid=<gid>,
 * the file itself as the body (text/csv): its dry run. The body is read as a stream into the
 * database (a draft job's rows), so a 100 MB file never sits in memory and any instance can run
 * the job. Same origin only, and a CSV content type (which a cross-site form cannot send
 * without a preflight).
 */
const FileName = z
  .string()
  .min(1, { error: 'Name the file (file=).' })
  .max(200, { error: 'A file name has at most 200 characters.' })
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { error: 'A file name cannot contain control characters.' });
const Query = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('users'), file: FileName }),
    z.object({ kind: z.literal('members'), file: FileName, gid: GidParam }),
  ],
  { error: 'Import users or members.' },
);
const CSV_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream', 'text/plain'];

export async function POST(request: Request, ctx: { params: Promise<{ app: string; kind: string }> }) {
  if (!originMatches(request.headers.get('origin'), consoleOrigin()))
    return Response.json({ error: { code: 'forbidden', message: 'Cross-origin request refused.' } }, { status: 403 });
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (!CSV_TYPES.includes(type)) return badRequest('Send the file as text/csv.');
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > IMPORT_LIMITS.maxBytes)
    return Response.json(
      {
        error: {
          code: 'invalid',
          message: 'The file is larger than 100 MB.',
          fieldErrors: { file: ['The file is larger than 100 MB.'] },
        },
      },
      { status: 413 },
    );
  const { app, kind } = await ctx.params;
  const parsed = Query.safeParse({ ...queryOf(request), kind });
  if (!parsed.success) return badRequest(parsed.error.issues[0].message);
  const body = request.body;
  if (!body) return badRequest('The file is empty.');
  const file = body as unknown as AsyncIterable<Uint8Array>;
  const q = parsed.data;
  return answerForApp<CheckedImport | CheckedMembersImport>(request, app, (access) =>
    q.kind === 'users' ? checkUsersImport(access, q.file, file) : checkMembersImport(access, q.gid, q.file, file),
  );
}
