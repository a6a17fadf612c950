import { NextResponse } from 'next/server';
import { toActionError } from '@/lib/actions/run';
import { AuthError } from '@/lib/auth/session';
import { listUsers } from '@/lib/dal/users';
import { UserSearch } from '@/lib/validations/users';

/** GET /api/users?q=&cursor= : one page of users for the Users table (search-as-you-type, paging). */
export async function GET(request: Request) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = UserSearch.safeParse(params);
  if (!parsed.success)
    return NextResponse.json({ error: { code: 'invalid', message: 'Bad search.' } }, { status: 400 });
  try {
    return NextResponse.json(await listUsers(parsed.data.q, parsed.data.cursor), {
      headers: { 'Cache-Control': 'no-store' },
    });
  } catch (e) {
    const error = toActionError(e, crypto.randomUUID());
    const status =
      e instanceof AuthError ? (e.kind === 'unauthorized' ? 401 : 403) : error.code === 'upstream' ? 502 : 500;
    return NextResponse.json({ error }, { status, headers: { 'Cache-Control': 'no-store' } });
  }
}
