import { LIST_CURSOR } from './common';

/** A page's search parameters as Next hands them over: a name given twice arrives as an array. */
export type RawSearchParams = Record<string, string | string[] | undefined>;

/**
 * One value per name (the first, as URLSearchParams.get does), so that `?q=a&q=b` is read
 * as `?q=a` instead of failing the page.
 */
export function singleValues(raw: RawSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined) out[k] = value;
  }
  return out;
}

/** Where a list is: its filter, the keyset cursor, and the cursors of the pages before. */
const CURSOR = LIST_CURSOR;

export function listState<F>(raw: Record<string, string>, parseFilter: (raw: Record<string, string>) => F) {
  const cursor = CURSOR.test(raw.cursor ?? '') ? raw.cursor : undefined;
  const trail = (raw.trail ?? '').split(',').filter((c) => CURSOR.test(c));
  return { filter: parseFilter(raw), cursor, trail };
}
