/**
 * What every server action returns: data, or an error the UI can show next to what caused
 * it. Isomorphic and secret-free: browser code imports it too.
 */
export type ActionErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'upstream'
  | 'internal';

export interface ActionError {
  code: ActionErrorCode;
  /** One sentence for the operator. */
  message: string;
  /** What to do about it, when known (the backend's `action`). */
  action?: string;
  /** What the message names, to open it ("Open hugo@example.com"). */
  link?: { href: string; label: string };
  /** Field name → messages, for forms. */
  fieldErrors?: Record<string, string[]>;
  /** The backend's error code (NOUSER, BADVALUE, ...), when the backend refused. */
  backendError?: string;
  /** Correlates with the server log and the audit log. */
  requestId?: string;
}

/** Whether trying again may go otherwise: not for input refused, or for what the operator may not do. */
export const mayPassOnRetry = (e: ActionError) => !['invalid', 'forbidden', 'unauthorized'].includes(e.code);

/** What a form field shows: a message, or one with what to do and a link to what it names. */
export type FieldProblem = string | { message: string; action?: string; link?: ActionError['link'] };

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

export const ok = <T>(data: T): ActionResult<T> => ({ ok: true, data });

export class ActionFailure extends Error {
  constructor(readonly error: ActionError) {
    super(error.message);
  }
}

/** What a failed query or action shows: its ActionError, or `fallback` for anything else thrown. */
export const errorOf = (e: unknown, fallback: string): ActionError =>
  e instanceof ActionFailure ? e.error : { code: 'internal', message: fallback };

/** For react-query: the data, or a thrown ActionFailure carrying the error. */
export function unwrap<T>(r: ActionResult<T>): T {
  if (r.ok) return r.data;
  throw new ActionFailure(r.error);
}
