import { describe, expect, it } from 'vitest';
import { dayRangeProblem, dayRangeSeconds, dayRangeText } from '@/lib/domain/day-range';

/** From date and To date of the message log: days in the operator's time zone, both included. */
describe('a range of days', () => {
  it('covers from the first midnight to the midnight after the last day, in the zone given', () => {
    expect(dayRangeSeconds({ since: '2026-12-07', until: '2026-12-07' }, 'UTC')).toEqual({
      since: Date.UTC(2026, 11, 7) / 1000,
      until: Date.UTC(2026, 11, 8) / 1000,
    });
    // India is 5:30 ahead: its 7 December starts at 18:30 UTC on the 6th.
    expect(dayRangeSeconds({ since: '2026-12-07', until: '' }, 'Asia/Kolkata')).toEqual({
      since: Date.UTC(2026, 11, 6, 18, 30) / 1000,
    });
    // The last day of a month: the midnight after it is in the next month.
    expect(dayRangeSeconds({ since: '', until: '2026-12-31' }, 'UTC')).toEqual({ until: Date.UTC(2027, 0, 1) / 1000 });
  });

  it('a day on which the clocks change is 23 or 25 hours long', () => {
    const spring = dayRangeSeconds({ since: '2026-03-08', until: '2026-03-08' }, 'America/New_York');
    expect(spring).toEqual({ since: Date.UTC(2026, 2, 8, 5) / 1000, until: Date.UTC(2026, 2, 9, 4) / 1000 });
    const autumn = dayRangeSeconds({ since: '2026-11-01', until: '2026-11-01' }, 'America/New_York');
    expect(((autumn.until ?? 0) - (autumn.since ?? 0)) / 3600).toBe(25);
  });

  it('refuses what is not a day of the calendar, and a range that ends before it starts, naming the field', () => {
    expect(dayRangeProblem({ since: '', until: '' })).toBeUndefined();
    expect(dayRangeProblem({ since: '2026-12-01', until: '2026-12-01' })).toBeUndefined();
    expect(dayRangeProblem({ since: '2026-02-30', until: '' })).toEqual({
      field: 'since',
      message: 'From date must be a date (YYYY-MM-DD), not "2026-02-30".',
    });
    expect(dayRangeProblem({ since: '', until: 'yesterday' })?.field).toBe('until');
    expect(dayRangeProblem({ since: '1969-12-31', until: '' })?.field).toBe('since');
    expect(dayRangeProblem({ since: '2026-12-07', until: '2026-12-01' })).toEqual({
      field: 'until',
      message: 'To date (2026-12-01) is before From date (2026-12-07).',
    });
  });

  it('reads as the audit log says it', () => {
    expect(dayRangeText({ since: '', until: '' }, 'UTC')).toBeUndefined();
    expect(dayRangeText({ since: '2026-12-01', until: '2026-12-07' }, 'Asia/Kolkata')).toBe(
      '2026-12-01 to 2026-12-07 (Asia/Kolkata)',
    );
    expect(dayRangeText({ since: '2026-12-01', until: '2026-12-01' }, 'UTC')).toBe('on 2026-12-01 (UTC)');
    expect(dayRangeText({ since: '', until: '2026-12-07' }, 'UTC')).toBe('until 2026-12-07 (UTC)');
  });
});
