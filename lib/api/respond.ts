import 'server-only';
import { NextResponse } from 'next/server';
import { appIdOf } from '@/lib/auth/app-guard';
import { admit } from '@/lib/auth/gate';
import type { AppAccess } from '@/lib/console/app-access';
import { loadRead } from '@/lib/dal/page-data';
import { type RawSearchParams, singleValues } from '@/lib/validations/search-params';

/**
 * The console's GET route handlers: parse the query, read through the DAL (which checks the
 * role), answer JSON. Refusals and failures are logged and audited under the request id the
 * answer carries; successful reads are not audited, so the log stays a record of changes and
 * attempts rather than of every keystroke in a search box.
 */
const STATUS: Record<string, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid: 400,
  upstream: 502,
};
const NO_STORE = { 'Cache-Control': 'no-store' };

export async function answer<T>(request: Request, load: () => Promise<T>, appId?: number) {
  const r = await loadRead('api.read', `${request.method} ${new URL(request.url).pathname}`, load, appId);
  if (!r.error) return NextResponse.json(r.data, { headers: NO_STORE });
  return NextResponse.json({ error: r.error }, { status: STATUS[r.error.code] ?? 500, headers: NO_STORE });
}

export function badRequest(message: string) {
  return NextResponse.json({ error: { code: 'invalid', message } }, { status: 400, headers: NO_STORE });
}

/** The request's query parameters, one value per name. */
export function queryOf(request: Request): Record<string, string> {
  return singleValues(Object.fromEntries(new URL(request.url).searchParams) as RawSearchParams);
}

/** The `<app>` of /api/apps/<app>/… as route handlers receive it. */
export type AppParams = { params: Promise<{ app: string }> };

/**
 * A GET of one app's data: the operator must be allowed the app (refusals audited with its
 * id) before `load` runs with it. An `<app>` that cannot be an app id answers 404.
 */
export async function answerForApp<T>(request: Request, segment: string, load: (app: AppAccess) => Promise<T>) {
  const id = appIdOf(segment);
  if (id === undefined)
    return NextResponse.json(
      { error: { code: 'not_found', message: 'No such app.' } },
      { status: 404, headers: NO_STORE },
    );
  return answer(request, async () => load((await admit({ app: id })).app), id);
}
