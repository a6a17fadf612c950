import 'server-only';
import { NextResponse } from 'next/server';
import { toActionError } from '@/lib/actions/run';
import { AuthError } from '@/lib/auth/session';

/** JSON answers of the console's GET route handlers: data, or an error with a fitting status. */
export function json(data: unknown) {
  return NextResponse.json(data, { headers: { 'Cache-Control': 'no-store' } });
}

const STATUS: Record<string, number> = { not_found: 404, invalid: 400, upstream: 502 };

export function jsonError(e: unknown) {
  const error = toActionError(e, crypto.randomUUID());
  const status = e instanceof AuthError ? (e.kind === 'unauthorized' ? 401 : 403) : (STATUS[error.code] ?? 500);
  return NextResponse.json({ error }, { status, headers: { 'Cache-Control': 'no-store' } });
}

export function badRequest(message: string) {
  return NextResponse.json(
    { error: { code: 'invalid', message } },
    { status: 400, headers: { 'Cache-Control': 'no-store' } },
  );
}
