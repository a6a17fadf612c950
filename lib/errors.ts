import 'server-only';
import type { Permission } from '@/lib/console/roles';
import { OpError, UpstreamError } from '@/lib/mesibo/errors';
import { type RefusalContext, refusalWords } from '@/lib/refusal-words';
import type { ActionError } from '@/lib/result';
import { log } from '@/lib/server/log';

/**
 * The console's errors, in one module that pages, route handlers, actions and the DAL all
 * import, and the one mapping from any of them to what an operator is shown (ActionError,
 * with the request id that finds the log line and the audit entry).
 */
export { OpError, UpstreamError };

/**
 * Nobody signed in (`unauthorized`), or the role may not (`forbidden`), or the operator is
 * limited to other apps than `appId` (`forbidden` too: it learns nothing of that app).
 */
export class AuthError extends Error {
  constructor(
    readonly kind: 'unauthorized' | 'forbidden',
    readonly permission?: Permission,
    readonly appId?: number,
  ) {
    super(
      kind === 'unauthorized'
        ? 'Sign in to continue.'
        : appId !== undefined
          ? 'You may not use this app.'
          : 'Your role does not allow this.',
    );
  }
}

/**
 * A refusal decided by the console itself ("this address already exists"): what to do, the
 * form field at fault, and a link to what it names.
 */
export class ConsoleError extends Error {
  readonly action?: string;
  readonly field?: string;
  readonly link?: ActionError['link'];
  constructor(
    readonly code: ActionError['code'],
    message: string,
    more: string | { action?: string; field?: string; link?: ActionError['link'] } = {},
  ) {
    super(message);
    Object.assign(this, typeof more === 'string' ? { action: more } : more);
  }
}

/**
 * What the operator is shown for `e`; anything unexpected is logged here with `requestId`.
 * `context` (an action's input and its form fields) lets a backend refusal land on its field.
 */
export function toActionError(e: unknown, requestId: string, context?: RefusalContext): ActionError {
  if (e instanceof AuthError) {
    return e.kind === 'unauthorized'
      ? { code: 'unauthorized', message: 'Your session has ended. Sign in again.', requestId }
      : { code: 'forbidden', message: e.message, requestId };
  }
  if (e instanceof OpError) {
    const code =
      e.error === 'NOUSER' || e.error === 'NOGROUP' ? 'not_found' : e.error === 'BADVALUE' ? 'invalid' : 'upstream';
    return { code, ...refusalWords(e, context), backendError: e.error, requestId };
  }
  if (e instanceof UpstreamError) {
    // Missing set-up is not fixed by trying again; everything else may be.
    const transient = !['no_token', 'app_disabled', 'too_large', 'refused_address'].includes(e.kind);
    return {
      code: 'upstream',
      message: e.message,
      action: transient ? 'Try again in a moment.' : undefined,
      requestId,
    };
  }
  if (e instanceof ConsoleError) {
    const fieldErrors = e.field ? { [e.field]: [e.message] } : undefined;
    return { code: e.code, message: e.message, action: e.action, link: e.link, fieldErrors, requestId };
  }
  log().error({ err: e, requestId }, 'console request failed');
  return {
    code: 'internal',
    message: 'Something went wrong on the server.',
    action: `Quote request id ${requestId} to your administrator.`,
    requestId,
  };
}
