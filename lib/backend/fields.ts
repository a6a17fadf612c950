import { z } from 'zod';
import { MAX_PAGE_NUMBER } from '@/lib/mesibo/contract';
import { fail } from './errors';

/**
 * Field validators for op requests. Each field is lenient in the ways real clients need
 * (null means absent; booleans accept 0/1) and strict otherwise, and every failure names
 * the field's request path and what a valid value looks like, so that BADVALUE can list
 * every bad field at once with a sentence a person can act on.
 */
const INVALID = Symbol('invalid');
type Check<T> = (v: unknown) => T | typeof INVALID;

function field<T>(expect: string, check: Check<T>) {
  return z
    .any()
    .optional()
    .transform((v, ctx): T | undefined => {
      if (v === null || v === undefined) return undefined;
      const r = check(v);
      if (r === INVALID) {
        ctx.addIssue({ code: 'custom', message: expect });
        return z.NEVER;
      }
      return r;
    });
}

/** Marks a field mandatory: absent (or null) is an error naming the field. */
export function required<T>(schema: z.ZodType<T | undefined>) {
  return schema.transform((v, ctx): T => {
    if (v === undefined) {
      ctx.addIssue({ code: 'custom', message: 'is required' });
      return z.NEVER;
    }
    return v;
  });
}

const CONTROL = /[\u0000-\u001f\u007f]/;
const text =
  (min: number, max: number, extra?: (s: string) => boolean): Check<string> =>
  (v) =>
    typeof v === 'string' && v.length >= min && v.length <= max && (!extra || extra(v)) ? v : INVALID;

export const address = () =>
  field(
    'must be a string of 1 to 63 characters without control characters',
    text(1, 63, (s) => !CONTROL.test(s)),
  );
export const name = () => field('must be a string of at most 128 characters', text(0, 128));
export const appid = () =>
  field(
    'must be a string of 1 to 128 characters without control characters',
    text(1, 128, (s) => !CONTROL.test(s)),
  );
export const freeText = (max: number) => field(`must be a string of at most ${max} characters`, text(0, max));
/** Optional text where "" means "not given" (mesibo's PHP helper sends `to: ""` with a gid). */
export const optionalText = (max: number) =>
  field(`must be a string of at most ${max} characters`, text(0, max)).transform((s) => (s === '' ? undefined : s));

export const bool = () =>
  field('must be true or false (1 or 0 are accepted too)', (v) =>
    v === true || v === 1 ? true : v === false || v === 0 ? false : INVALID,
  );

const wholeNumber =
  (min: number, max: number): Check<number> =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : INVALID;

export const uint = (max = Number.MAX_SAFE_INTEGER) =>
  field(`must be a whole number from 0 to ${max}`, wholeNumber(0, max));
/** A page by its number (this product's extension of a listing op), 1 to 1,000,000. */
export const pageNumber = () =>
  field(`must be a whole number from 1 to ${MAX_PAGE_NUMBER}`, wholeNumber(1, MAX_PAGE_NUMBER));
export const positiveId = () => field('must be a positive whole number', wholeNumber(1, Number.MAX_SAFE_INTEGER));
/** A gid where 0 means "not given" (mesibo's PHP helper sends `gid: 0` with `to`). */
export const optionalGid = () =>
  field('must be a positive whole number (0 means no group)', wholeNumber(0, Number.MAX_SAFE_INTEGER)).transform((n) =>
    n === 0 ? undefined : n,
  );

/** A list of addresses: a comma-separated string or an array of strings. Empty items are dropped, duplicates merged. */
export const addressList = (max = 10_000) =>
  field(`must be a comma-separated string or an array of up to ${max} addresses (1 to 63 characters each)`, (v) => {
    const items = typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v : null;
    if (!items || items.length > max) return INVALID;
    const out = new Set<string>();
    for (const item of items) {
      if (typeof item !== 'string') return INVALID;
      const a = item.trim();
      if (a === '') continue;
      if (a.length > 63 || CONTROL.test(a)) return INVALID;
      out.add(a);
    }
    return out.size === 0 ? undefined : [...out];
  }).transform((v) => v ?? undefined);

/** An object of fields; null or absent becomes {} so that its required fields are named individually. */
export function obj<S extends z.ZodRawShape>(shape: S) {
  return z.preprocess((v) => (v === null || v === undefined ? {} : v), z.object(shape, { error: 'must be an object' }));
}
/** An optional nested object: null or absent stays absent. */
export function optObj<S extends z.ZodRawShape>(shape: S) {
  return z.preprocess((v) => (v === null ? undefined : v), z.object(shape, { error: 'must be an object' }).optional());
}

/** Listing parameters, top level in every listing request. */
export const listing = {
  count: field('must be a whole number from 1 to 100', wholeNumber(1, 100)).transform((v) => v ?? 20),
  cursor: field('must be the `next` value of the previous page', (v) =>
    typeof v === 'string' && /^[1-9]\d{0,15}$/.test(v)
      ? Number(v)
      : typeof v === 'number' && Number.isInteger(v) && v > 0
        ? v
        : v === ''
          ? undefined
          : INVALID,
  ),
};

/** Validates `input` against `schema`; on failure throws BADVALUE naming every bad field. */
export function parseFields<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const properties: string[] = [];
  const causes: string[] = [];
  for (const issue of r.error.issues) {
    const path = issue.path.join('.');
    if (properties.includes(path)) continue;
    properties.push(path);
    // zod's own wording for a wrong container type is terse; say what is expected instead.
    const message = issue.code === 'invalid_type' ? 'must be an object' : issue.message;
    causes.push(`${path} ${message}`);
  }
  throw fail.badValue(`${causes.join('; ')}.`, properties);
}

/**
 * A rate limit as mesibo's UAC profiles write it: "window:limit" pairs in seconds and counts,
 * comma-separated ("60:30,600:60,86400:3600"); "" means not set.
 */
export const rateLimit = () =>
  field('must be "" or comma-separated "seconds:count" pairs of positive whole numbers, e.g. "60:30,600:60"', (v) =>
    typeof v === 'string' && (v === '' || /^[1-9]\d{0,9}:[1-9]\d{0,9}(,[1-9]\d{0,9}:[1-9]\d{0,9})*$/.test(v))
      ? v
      : INVALID,
  );

/** A listing pattern: `*` is the wildcard; empty or absent lists everything. */
export const addressPattern = () =>
  field('must be a string of at most 128 characters; * is the wildcard', text(0, 128));

/** Search text as support staff type it (our extension of the listing ops): at most 128 characters. */
export const searchText = () =>
  field(
    'must be a string of at most 128 characters without control characters',
    text(0, 128, (s) => !CONTROL.test(s)),
  );

/** One of a fixed set of strings; the message lists them. */
/** A number of seconds out of a few allowed (a period: 900 or 3600), as a number or a string of digits. */
export const secondsOf = (allowed: readonly number[]) =>
  field(`must be ${allowed.join(' or ')} (seconds)`, (v) =>
    (typeof v === 'number' || typeof v === 'string') && allowed.includes(Number(v)) && String(v).trim() !== ''
      ? Number(v)
      : INVALID,
  );
export const oneOf = <const T extends readonly string[]>(values: T) =>
  field(`must be one of ${values.map((v) => `"${v}"`).join(', ')}`, (v) =>
    typeof v === 'string' && values.includes(v) ? (v as T[number]) : INVALID,
  );

/** The `next` of a search's previous page (an opaque string). */
export const searchCursor = () =>
  field('must be the `next` value of the previous page of the same search', (v) =>
    typeof v === 'string' && /^[A-Za-z0-9_-]{1,700}$/.test(v) ? v : v === '' ? undefined : INVALID,
  );
