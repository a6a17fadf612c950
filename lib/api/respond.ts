import 'server-only';
import { NextResponse } from 'next/server';
import { toActionError } from '@/lib/actions/run';
import { requestClientAddress } from '@/lib/auth/request';
import { AuthError, currentOperator } from '@/lib/auth/session';
import { recordAudit, recordUnauthenticated } from '@/lib/console/audit';
import { consoleDb } from '@/lib/console/db';

/** JSON answers of the console's GET route handlers: data, or an error with a fitting status. */
export function json(data: unknown) {
  return NextResponse.json(data, { headers: { 'Cache-Control': 'no-store' } });
}

const STATUS: Record<string, number> = { not_found: 404, invalid: 400, upstream: 502 };

/**
 * Refusals are audited (`authz.denied`, with the path); successful reads are not, so the
 * log stays a record of changes and attempts rather than of every keystroke in a search box.
 */
export async function jsonError(e: unknown, request: Request) {
  const error = toActionError(e, crypto.randomUUID());
  if (e instanceof AuthError) {
    const operator = await currentOperator().catch(() => undefined);
    const db = await consoleDb();
    const entry = {
      action: 'authz.denied',
      target: `GET ${new URL(request.url).pathname}`,
      outcome: 'denied' as const,
      detail: error.message,
      requestId: error.requestId,
    };
    // Without a session the entries are of the sender's making: bounded per client address.
    await (operator
      ? recordAudit(db, { ...entry, operatorId: operator.id, operatorEmail: operator.email, role: operator.role })
      : recordUnauthenticated(db, { ...entry, operatorEmail: 'anonymous', role: '-' }, await requestClientAddress())
    ).catch(() => undefined);
  }
  const status = e instanceof AuthError ? (e.kind === 'unauthorized' ? 401 : 403) : (STATUS[error.code] ?? 500);
  return NextResponse.json({ error }, { status, headers: { 'Cache-Control': 'no-store' } });
}

export function badRequest(message: string) {
  return NextResponse.json(
    { error: { code: 'invalid', message } },
    { status: 400, headers: { 'Cache-Control': 'no-store' } },
  );
}
