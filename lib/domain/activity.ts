import { TZDate } from '@date-fns/tz';

/**
 * An app's activity as the Overview charts it: a range (the last 24 hours by the hour, the last
 * 7 or 30 days by the day) in the operator's time zone, made of quarter-hour counts (the
 * rollups of lib/db/activity.ts: every hour and every midnight of a zone such as +05:30 or +05:45
 * falls on a quarter hour). Each chart has a total and its change against the previous period
 * of the same length, counted up to the same point of it ("so far": a day not over yet is
 * compared with the same part of the day before).
 */
export const RANGES = {
  '24h': { label: '24 hours', bins: 24, unit: 'hour' },
  '7d': { label: '7 days', bins: 7, unit: 'day' },
  '30d': { label: '30 days', bins: 30, unit: 'day' },
} as const;
export type RangeKey = keyof typeof RANGES;
export const RANGE_KEYS = Object.keys(RANGES) as RangeKey[];
export const isRange = (v: unknown): v is RangeKey => typeof v === 'string' && v in RANGES;

const QUARTER = 900;
const HOUR = 3600;

/** One bar: its start and end (epoch seconds, end excluded), and its local start (`YYYY-MM-DDTHH:mm`). */
export type Bin = { start: number; end: number; local: string };

/** The range's bins ending with the one that holds `now`, in `zone`; the period so far, the previous one, and what to ask for. */
export function rangeBins(range: RangeKey, now: number, zone: string) {
  const { bins: count, unit } = RANGES[range];
  const local = new TZDate(now * 1000, zone);
  const bins: Bin[] = [];
  if (unit === 'hour') {
    // The zone's hour (on a quarter hour in every zone there is), then whole hours back.
    local.setMinutes(0, 0, 0);
    const current = local.getTime() / 1000;
    for (let i = count - 1; i >= 0; i--) {
      const start = current - i * HOUR;
      bins.push({ start, end: start + HOUR, local: localText(start, zone) });
    }
  } else {
    // Days of the zone: midnight to midnight, 23 or 25 hours where the clocks change.
    const [y, m, d] = [local.getFullYear(), local.getMonth(), local.getDate()];
    for (let i = count - 1; i >= 0; i--) {
      const start = new TZDate(y, m, d - i, zone).getTime() / 1000;
      const end = new TZDate(y, m, d - i + 1, zone).getTime() / 1000;
      bins.push({ start, end, local: localText(start, zone) });
    }
  }
  const since = bins[0].start;
  const span = bins[bins.length - 1].end - since;
  // The previous period, up to the same point: the quarter hour that holds now, a span earlier.
  const elapsed = Math.floor(now / QUARTER) * QUARTER + QUARTER - since;
  const previous = { since: since - span, until: since - span + elapsed };
  return {
    bins,
    current: { since, until: since + elapsed },
    previous,
    // What to ask for: the range by the hour from its start (every bin's edge is a whole hour
    // from it), and only the previous period's totals.
    ask: { window: { since, until: since + span }, step: HOUR, previous },
  };
}

function localText(epoch: number, zone: string): string {
  const t = new TZDate(epoch * 1000, zone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())}T${two(t.getHours())}:${two(t.getMinutes())}`;
}

/** Counts per period, ascending: `[period start, n]` (periods with nothing left out). */
export type QuarterSeries = readonly (readonly [number, number])[];

/** How a series adds up inside a bar: events add, a level (users online) is its highest. */
export type Measure = 'sum' | 'peak';

/** A part of a chart: one series (periods within the range), under its own label, and its total in the previous period. */
export type Part = { key: string; label: string; data: QuarterSeries; previous: number };

export type Chart = {
  /** Each part's value per bin (stacked, in this order). */
  parts: { key: string; label: string; values: number[]; total: number }[];
  /** Per bin, the parts added up (or, for a level, its highest). */
  values: number[];
  total: number;
  previousTotal: number;
  /** The change against the previous period, in percent; undefined where that period had nothing. */
  change?: number;
};

/** Parts over a range's bins, with the total and the previous period's. */
export function chartOf(parts: readonly Part[], range: ReturnType<typeof rangeBins>, measure: Measure = 'sum'): Chart {
  const add = measure === 'sum' ? (a: number, b: number) => a + b : Math.max;
  const values = range.bins.map(() => 0);
  let [total, previousTotal] = [0, 0];
  const charted = parts.map((part) => {
    const mine = range.bins.map(() => 0);
    let partTotal = 0;
    let b = 0;
    for (const [bucket, n] of part.data) {
      while (b < range.bins.length && range.bins[b].end <= bucket) b++;
      if (b < range.bins.length && bucket >= range.bins[b].start) mine[b] = add(mine[b], n);
      if (bucket >= range.current.since && bucket < range.current.until) partTotal = add(partTotal, n);
    }
    previousTotal = add(previousTotal, part.previous);
    mine.forEach((v, i) => {
      values[i] = add(values[i], v);
    });
    total = add(total, partTotal);
    return { key: part.key, label: part.label, values: mine, total: partTotal };
  });
  const change = previousTotal > 0 ? Math.round(((total - previousTotal) / previousTotal) * 100) : undefined;
  return { parts: charted, values, total, previousTotal, ...(change !== undefined && { change }) };
}

/** "+12% on the previous 7 days", "No change on …", "None in the previous …": the change in words. */
export function changeText(chart: Chart, range: RangeKey): string {
  const period = `the previous ${RANGES[range].label}`;
  if (chart.change === undefined) return chart.total ? `None in ${period}` : `None in ${period} either`;
  if (chart.change === 0) return `No change on ${period}`;
  return `${chart.change > 0 ? '+' : '−'}${Math.abs(chart.change).toLocaleString('en-US')}% on ${period}`;
}
