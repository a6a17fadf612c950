import { TZDate } from '@date-fns/tz';

/**
 * A range of days as an operator picks it (From date, To date: `YYYY-MM-DD`, both days included),
 * in the operator's time zone, and the instants it covers: from the first day's midnight there
 * to the midnight after the last day (a day of 23 or 25 hours where the clocks change). Either end
 * may be left open.
 */
export type DayRange = { since: string; until: string };

/** The range's fields as the operator knows them. */
export const DAY_FIELDS = { since: 'From date', until: 'To date' } as const;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day's year, month (1–12) and day when `text` is a date of the calendar, else undefined. */
function dayOf(text: string): [number, number, number] | undefined {
  const m = DAY.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = new Date(Date.UTC(y, mo - 1, d));
  // 2026-02-30 would roll over into March: not a day of the calendar.
  if (y < 1970 || utc.getUTCFullYear() !== y || utc.getUTCMonth() !== mo - 1 || utc.getUTCDate() !== d)
    return undefined;
  return [y, mo, d];
}

/** What is wrong with a range, naming its field; undefined when it is a range (or empty). */
export function dayRangeProblem(range: DayRange): { field: keyof DayRange; message: string } | undefined {
  for (const field of ['since', 'until'] as const) {
    if (range[field] && !dayOf(range[field]))
      return { field, message: `${DAY_FIELDS[field]} must be a date (YYYY-MM-DD), not "${range[field]}".` };
  }
  if (range.since && range.until && range.until < range.since)
    return {
      field: 'until',
      message: `${DAY_FIELDS.until} (${range.until}) is before ${DAY_FIELDS.since} (${range.since}).`,
    };
  return undefined;
}

/** Midnight at the start of `day` (+ `plusDays`) in `zone`, in epoch seconds. */
function midnight(day: string, zone: string, plusDays = 0): number {
  const parts = dayOf(day);
  if (!parts) throw new Error(`not a day: ${day}`);
  const [y, mo, d] = parts;
  return new TZDate(y, mo - 1, d + plusDays, zone).getTime() / 1000;
}

/** The instants a range covers in `zone` (epoch seconds, `until` excluded); call after dayRangeProblem. */
export function dayRangeSeconds(range: DayRange, zone: string): { since?: number; until?: number } {
  return {
    ...(range.since ? { since: midnight(range.since, zone) } : {}),
    ...(range.until ? { until: midnight(range.until, zone, 1) } : {}),
  };
}

/** "2026-12-01 to 2026-12-07 (UTC)", "on 2026-12-01 (UTC)", "since 2026-12-01 (UTC)", "until 2026-12-07 (UTC)": the zone's days. */
export function dayRangeText(range: DayRange, zone: string): string | undefined {
  const { since, until } = range;
  if (!since && !until) return undefined;
  const days =
    since && until
      ? since === until
        ? `on ${since}`
        : `${since} to ${until}`
      : since
        ? `since ${since}`
        : `until ${until}`;
  return `${days} (${zone})`;
}
