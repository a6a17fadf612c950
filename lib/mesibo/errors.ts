/**
 * Failures of a Backend API call, as the console's server side sees them.
 * OpError: the backend answered result:false (its envelope's fields, verbatim).
 * UpstreamError: no usable answer (timeout, unreachable, HTTP error, not an envelope);
 * `message` is written for operators and never contains upstream text or the token.
 */
export class OpError extends Error {
  constructor(
    readonly op: string,
    readonly error: string,
    readonly code: number,
    readonly cause: string,
    readonly action: string,
    readonly properties: string[],
  ) {
    super(cause || error);
  }
}

export type UpstreamKind =
  | 'timeout'
  | 'unreachable'
  | 'http_status'
  | 'bad_response'
  | 'circuit_open'
  | 'no_token'
  | 'app_disabled'
  | 'too_large'
  | 'refused_address';

const MESSAGES: Record<UpstreamKind, string> = {
  timeout: 'The mesibo backend did not answer in time.',
  unreachable: 'The mesibo backend could not be reached.',
  http_status: 'The mesibo backend answered with an error status.',
  bad_response: 'The mesibo backend sent an answer the console could not read.',
  circuit_open: 'The mesibo backend failed several times in a row; the console is waiting before trying again.',
  no_token: 'This app has no app token to call its backend with: an admin sets one on its settings page.',
  app_disabled:
    'This app is disabled, so the console does not call its backend: an admin can enable it on its settings page.',
  too_large: "The backend's reply was too large: the console stopped reading it (REMOTE_MAX_RESPONSE_BYTES).",
  refused_address:
    'The Backend API URL leads to a link-local or unspecified address (where cloud metadata services live): the console does not send app tokens there.',
};

export class UpstreamError extends Error {
  constructor(
    readonly kind: UpstreamKind,
    readonly requestId: string,
    readonly status?: number,
  ) {
    super(MESSAGES[kind]);
  }
}

/** The upstream failures after which the backend may or may not have applied a change. */
const OUTCOME_UNKNOWN = new Set<UpstreamKind>(['timeout', 'unreachable', 'http_status', 'bad_response']);
export const outcomeUnknown = (e: unknown): boolean => e instanceof UpstreamError && OUTCOME_UNKNOWN.has(e.kind);
