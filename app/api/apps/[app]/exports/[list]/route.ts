import { NextResponse } from 'next/server';
import { badRequest, csvDownload, queryOf, readForApp } from '@/lib/api/respond';
import { exportList } from '@/lib/dal/exports';
import { ExportRequest } from '@/lib/validations/exports';

/**
 * GET /api/apps/<app>/exports/<list>?… : Export CSV of users (q), groups (q), a group's
 * members (gid) or the message log (from, to, gid), streamed. With `check=1`, only whether it
 * may start and its file name (JSON): the button asks first, so a refusal or a backend that
 * fails is shown next to it rather than downloaded as a file.
 */
export async function GET(request: Request, ctx: { params: Promise<{ app: string; list: string }> }) {
  const { app, list } = await ctx.params;
  const { check, ...query } = queryOf(request);
  const parsed = ExportRequest.safeParse({ ...query, list });
  if (!parsed.success) return badRequest(parsed.error.issues[0].message);
  const r = await readForApp(request, app, (access) => exportList(access, parsed.data, check === '1'));
  if (r.response) return r.response;
  if (!r.data.chunks) return NextResponse.json({ file: r.data.file }, { headers: { 'Cache-Control': 'no-store' } });
  return csvDownload(r.data.file, r.data.chunks);
}
