import 'server-only';
import { ConsoleError } from '@/lib/errors';
import { OpError, outcomeUnknown, UpstreamError } from '@/lib/mesibo/errors';
import { refusalWords } from '@/lib/refusal-words';
import type { RowResult } from './types';

/**
 * A row's failed call: a refusal in the console's words; no answer after it was sent:
 * unconfirmed (it may have been applied); never sent (unreachable, or the breaker open): failed.
 */
export function resultOfError(n: number, e: unknown): RowResult {
  if (e instanceof OpError) return { n, outcome: 'failed', message: refusalWords(e).message };
  if (e instanceof UpstreamError) {
    if (e.kind === 'unreachable')
      return { n, outcome: 'failed', message: `Could not reach the backend (request id ${e.requestId}).` };
    if (e.kind === 'circuit_open')
      return {
        n,
        outcome: 'failed',
        message: `Could not reach the backend: it failed several times in a row, and the console waits before trying it again (request id ${e.requestId}).`,
      };
    if (outcomeUnknown(e))
      return {
        n,
        outcome: 'unconfirmed',
        message: `${e.message} It may have been applied (request id ${e.requestId}).`,
      };
    return { n, outcome: 'failed', message: `${e.message} (request id ${e.requestId})` };
  }
  // Refused by the console itself (the directory's rules, a user it does not know): nothing sent.
  if (e instanceof ConsoleError) return { n, outcome: 'failed', message: e.message };
  throw e;
}
