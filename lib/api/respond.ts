import 'server-only';
import { NextResponse } from 'next/server';
import { appIdOf } from '@/lib/auth/app-guard';
import { admit } from '@/lib/auth/gate';
import type { AppAccess } from '@/lib/console/app-access';
import { loadRead } from '@/lib/dal/page-data';
import type { ActionError } from '@/lib/result';
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
  const r = await read(request, load, appId);
  return r.error ? failure(r.error) : NextResponse.json(r.data, { headers: NO_STORE });
}

/** The read of a route handler that answers something other than JSON (a download): its data, or its error. */
export function read<T>(request: Request, load: () => Promise<T>, appId?: number) {
  return loadRead('api.read', `${request.method} ${new URL(request.url).pathname}`, load, appId);
}

/** A refused or failed read as JSON, with the status its code means and its request id. */
export function failure(error: ActionError) {
  return NextResponse.json({ error }, { status: STATUS[error.code] ?? 500, headers: NO_STORE });
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
  if (id === undefined) return noSuchApp();
  return answer(request, async () => load((await admit({ app: id })).app), id);
}

/** `readForApp`: as answerForApp, for a handler that answers other than JSON; a Response when refused or failed. */
export async function readForApp<T>(
  request: Request,
  segment: string,
  load: (app: AppAccess) => Promise<T>,
): Promise<{ data: T; response?: undefined } | { response: Response }> {
  const id = appIdOf(segment);
  if (id === undefined) return { response: noSuchApp() };
  const r = await read(request, async () => load((await admit({ app: id })).app), id);
  return r.error ? { response: failure(r.error) } : { data: r.data as T };
}

const noSuchApp = () =>
  NextResponse.json({ error: { code: 'not_found', message: 'No such app.' } }, { status: 404, headers: NO_STORE });

/**
 * A CSV download, streamed: the next chunk is read only when the browser has taken the one
 * before (flat memory at any size). A failure part way ends the download as failed (never a
 * file that looks complete); a download the browser cancels ends the reading (`return`).
 */
export function csvDownload(file: string, chunks: AsyncIterator<string>): Response {
  const encoder = new TextEncoder();
  const pump = async (controller: ReadableStreamDefaultController<Uint8Array>) => {
    try {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    } catch (e) {
      controller.error(e);
    }
  };
  const body = new ReadableStream<Uint8Array>({
    // The first chunk is read at once: the reading has begun, so a download cancelled even
    // before its first byte still ends it (and what it records, such as an export's audit entry).
    start: pump,
    pull: pump,
    async cancel() {
      await chunks.return?.(undefined);
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${file}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
