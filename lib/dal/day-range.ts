import 'server-only';
import { DAY_FIELDS, dayRangeProblem, dayRangeSeconds, dayRangeText } from '@/lib/domain/day-range';
import { ConsoleError } from '@/lib/errors';
import { operatorZone } from '@/lib/server/time-zone';

/**
 * A range of days as the operator picked it (From date, To date: both included), read in its
 * time zone: the instants it covers (epoch seconds, `until` excluded) and how it reads ("2026-12-01
 * to 2026-12-07 (Asia/Kolkata)"). A date that is not one, or a range that ends before it starts,
 * is refused naming its field; no dates, no range.
 */
export async function operatorDays(f: {
  since?: string;
  until?: string;
}): Promise<{ since?: number; until?: number; text?: string }> {
  const days = { since: f.since ?? '', until: f.until ?? '' };
  if (!days.since && !days.until) return {};
  const problem = dayRangeProblem(days);
  if (problem)
    throw new ConsoleError('invalid', problem.message, {
      field: problem.field,
      action: `Pick ${DAY_FIELDS[problem.field]} again.`,
    });
  const zone = await operatorZone();
  return { ...dayRangeSeconds(days, zone), text: dayRangeText(days, zone) };
}
