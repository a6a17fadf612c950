import 'server-only';
import { randomUUID } from 'node:crypto';
import { unstable_rethrow } from 'next/navigation';
import { requestClientAddress } from '@/lib/auth/request';
import { currentOperator } from '@/lib/auth/session';
import { recordAudit, recordUnauthenticated } from '@/lib/console/audit';
import type { Filter, ListState, Page } from '@/lib/domain/paging';
import { AuthError, toActionError } from '@/lib/errors';
import type { ActionError } from '@/lib/result';
import { consoleDb } from '@/lib/server/db';
import { log } from '@/lib/server/log';
import { withRequestId } from '@/lib/server/request-context';
import { listState, type RawSearchParams, singleValues } from '@/lib/validations/search-params';

/**
 * Reads for pages and route handlers, under a request id of their own: a failure becomes
 * the error shown next to its cause, and that request id finds both its server log line and
 * its audit entry (`authz.denied` for a refusal, `page.load` / `api.read` failed otherwise).
 */
export type Loaded<T> = { data: T; error?: undefined } | { data?: undefined; error: ActionError };

export async function loadRead<T>(
  kind: 'page.load' | 'api.read',
  target: string,
  load: () => Promise<T>,
): Promise<Loaded<T>> {
  const requestId = randomUUID();
  try {
    return { data: await withRequestId(requestId, load) };
  } catch (e) {
    unstable_rethrow(e);
    const error = toActionError(e, requestId);
    log().info({ requestId, target, code: error.code, backendError: error.backendError }, `${kind} failed`);
    const denied = e instanceof AuthError;
    const entry = {
      action: denied ? 'authz.denied' : kind,
      target,
      outcome: denied ? ('denied' as const) : ('failed' as const),
      detail: denied ? error.message : (error.backendError ?? error.code),
      requestId,
    };
    const operator = await currentOperator().catch(() => undefined);
    const db = await consoleDb();
    // Without a session the entries are of the sender's making: bounded per client address.
    await (operator
      ? recordAudit(db, { ...entry, operatorId: operator.id, operatorEmail: operator.email, role: operator.role })
      : recordUnauthenticated(db, { ...entry, operatorEmail: 'anonymous', role: '-' }, await requestClientAddress())
    ).catch((err) => log().error({ err, requestId }, 'audit write failed'));
    return { error };
  }
}

/** What a page shows, or the error to show in its place. */
export const pageData = <T>(target: string, load: () => Promise<T>) => loadRead('page.load', target, load);

/**
 * A list page's state: where the URL says the list is, and its first page (or why it could
 * not be read), rendered on the server; the browser takes over from there.
 */
export async function pageList<F extends Filter, R>(
  path: string,
  searchParams: Promise<RawSearchParams>,
  parseFilter: (raw: Record<string, string>) => F,
  load: (filter: F, cursor?: string) => Promise<Page<R>>,
): Promise<ListState<F, R>> {
  const list = listState(singleValues(await searchParams), parseFilter);
  const first = await pageData(path, () => load(list.filter, list.cursor));
  return { ...list, initial: first.data, initialError: first.error };
}
