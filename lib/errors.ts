import 'server-only';
import type { Permission } from '@/lib/console/roles';
import { OpError, UpstreamError } from '@/lib/mesibo/errors';
import type { ActionError } from '@/lib/result';
import { log } from '@/lib/server/log';

/**
 * The console's errors, in one module that pages, route handlers, actions and the DAL all
 * import, and the one mapping from any of them to what an operator is shown (ActionError,
 * with the request id that finds the log line and the audit entry).
 */
export { OpError, UpstreamError };

/** Nobody signed in (`unauthorized`), or the role may not (`forbidden`). */
export class AuthError extends Error {
  constructor(
    readonly kind: 'unauthorized' | 'forbidden',
    readonly permission?: Permission,
  ) {
    super(kind === 'unauthorized' ? 'Sign in to continue.' : 'Your role does not allow this.');
  }
}

/** A refusal decided by the console itself (e.g. "this address already exists"). */
export class ConsoleError extends Error {
  constructor(
    readonly code: ActionError['code'],
    message: string,
    readonly action?: string,
  ) {
    super(message);
  }
}

/** What the operator is shown for `e`; anything unexpected is logged here with `requestId`. */
export function toActionError(e: unknown, requestId: string): ActionError {
  if (e instanceof AuthError) {
    return e.kind === 'unauthorized'
      ? { code: 'unauthorized', message: 'Your session has ended. Sign in again.', requestId }
      : { code: 'forbidden', message: 'Your role does not allow this.', requestId };
  }
  if (e instanceof OpError) {
    const code =
      e.error === 'NOUSER' || e.error === 'NOGROUP' ? 'not_found' : e.error === 'BADVALUE' ? 'invalid' : 'upstream';
    return { code, message: e.cause || e.error, action: e.action || undefined, backendError: e.error, requestId };
  }
  if (e instanceof UpstreamError) {
    return { code: 'upstream', message: e.message, action: 'Try again in a moment.', requestId };
  }
  if (e instanceof ConsoleError) return { code: e.code, message: e.message, action: e.action, requestId };
  log().error({ err: e, requestId }, 'console request failed');
  return {
    code: 'internal',
    message: 'Something went wrong on the server.',
    action: `Quote request id ${requestId} to your administrator.`,
    requestId,
  };
}
