import 'server-only';
import type { AppAccess } from '@/lib/console/app-access';
import { OpError, outcomeUnknown } from '@/lib/mesibo/errors';
import { offers } from '@/lib/mesibo/offers';
import type { OptionalOp } from '@/lib/mesibo/probe';

/**
 * The one rule for apps whose backend cannot list (mesibo's cloud): per op, reads go to the
 * backend where it offers the listing op, else to the console's directory; and where the
 * directory is the list, every change that succeeded is written to it in the same request.
 */

/** `live` where the backend offers `op`; `kept` (the directory) where it does not, or answers BADOP after all. */
export async function listedOrKept<T>(
  app: AppAccess,
  op: OptionalOp,
  live: () => Promise<T>,
  kept: () => Promise<T>,
): Promise<T> {
  if (!(await offers(app, op))) return kept();
  try {
    return await live();
  } catch (e) {
    if (e instanceof OpError && e.error === 'BADOP') return kept();
    throw e;
  }
}

/**
 * A change on the backend that the directory keeps when the backend lacks `op`: `keep` runs
 * with the backend's answer after success; a refusal changes nothing; an unknown outcome runs
 * `unknown` (mark the entry unconfirmed) and the error still reaches the operator.
 */
export async function keptChange<T>(
  app: AppAccess,
  op: OptionalOp,
  call: () => Promise<T>,
  keep: (result: T) => Promise<void>,
  unknown: () => Promise<void> = async () => {},
): Promise<T> {
  if (await offers(app, op)) return call();
  let result: T;
  try {
    result = await call();
  } catch (e) {
    if (outcomeUnknown(e)) await unknown();
    throw e;
  }
  await keep(result);
  return result;
}
