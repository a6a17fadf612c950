import { describe, expect, it } from 'vitest';
import { changeText, chartOf, rangeBins } from '@/lib/domain/activity';

// The Overview's ranges, in the operator's time zone, from quarter-hour counts.
const at = (iso: string) => Date.parse(iso) / 1000;
const one = (data: [number, number][], previous = 0) => [{ key: 'n', label: 'N', data, previous }];

describe('activity ranges', () => {
  it('makes the last 24 hours of whole hours of a +05:30 zone, ending with the current one', () => {
    const r = rangeBins('24h', at('2026-12-07T10:07:00Z'), 'Asia/Kolkata'); // 15:37 there
    expect(r.bins).toHaveLength(24);
    expect(r.bins[23]).toEqual({
      start: at('2026-12-07T09:30:00Z'),
      end: at('2026-12-07T10:30:00Z'),
      local: '2026-12-07T15:00',
    });
    expect(r.bins[0].local).toBe('2026-12-06T16:00');
    // So far: up to the end of the quarter hour that holds now; the previous period as far into it.
    expect(r.current).toEqual({ since: at('2026-12-06T10:30:00Z'), until: at('2026-12-07T10:15:00Z') });
    expect(r.previous).toEqual({ since: at('2026-12-05T10:30:00Z'), until: at('2026-12-06T10:15:00Z') });
  });

  it('makes days from midnight to midnight there, 23 hours on the day the clocks go forward', () => {
    const r = rangeBins('7d', at('2026-03-30T12:00:00Z'), 'Europe/Berlin');
    expect(r.bins.map((b) => b.local.slice(0, 10))).toEqual([
      '2026-03-24',
      '2026-03-25',
      '2026-03-26',
      '2026-03-27',
      '2026-03-28',
      '2026-03-29',
      '2026-03-30',
    ]);
    const sunday = r.bins[5];
    expect(sunday.start).toBe(at('2026-03-28T23:00:00Z'));
    expect(sunday.end - sunday.start).toBe(23 * 3600);
    expect(rangeBins('30d', at('2026-03-30T12:00:00Z'), 'UTC').bins).toHaveLength(30);
  });

  it('adds quarter hours into the days of a +05:45 zone, and compares with the previous period', () => {
    const zone = 'Asia/Kathmandu';
    const now = at('2026-12-07T06:00:00Z'); // 11:45 there
    const r = rangeBins('7d', now, zone);
    const today = r.bins[6].start; // 2026-12-06T18:15Z
    expect(today).toBe(at('2026-12-06T18:15:00Z'));
    // The series of the range (hours from its start); the previous period comes as a total.
    const series: [number, number][] = [
      [r.previous.since, 100], // before the range: not in any bar, nor in the total
      [today - 900, 3], // the last quarter of yesterday
      [today, 2], // the first of today
      [now - 900 + 0, 5],
    ];
    const chart = chartOf([{ key: 'direct', label: 'Direct', data: series, previous: 10 }], r);
    expect(chart.values).toEqual([0, 0, 0, 0, 0, 3, 7]);
    expect(chart.total).toBe(10);
    expect(chart.previousTotal).toBe(10);
    expect(changeText(chart, '7d')).toBe('No change on the previous 7 days');
    expect(changeText(chartOf(one([[today, 12]]), r), '7d')).toBe('None in the previous 7 days');
    expect(changeText(chartOf(one([[today, 12]], 10), r), '7d')).toBe('+20% on the previous 7 days');
    expect(changeText(chartOf(one([[today, 5]], 10), r), '7d')).toBe('−50% on the previous 7 days');
    // What to ask the backend for: the range by the hour from its start, the previous period as a total.
    expect(r.ask).toEqual({
      window: { since: r.bins[0].start, until: r.bins[6].end },
      step: 3600,
      previous: r.previous,
    });
  });

  it('takes the highest level in a bar for users online, not their sum', () => {
    const r = rangeBins('24h', at('2026-12-07T10:50:00Z'), 'UTC');
    const hour = r.bins[23].start;
    const chart = chartOf(
      one([
        [hour, 40],
        [hour + 900, 55],
        [hour + 1800, 12],
      ]),
      r,
      'peak',
    );
    expect(chart.values[23]).toBe(55);
    expect(chart.total).toBe(55);
  });

  it('stacks parts: each keeps its values and total, the chart adds them up', () => {
    const r = rangeBins('24h', at('2026-12-07T10:50:00Z'), 'UTC');
    const hour = r.bins[23].start;
    const chart = chartOf(
      [
        { key: 'direct', label: 'Direct', data: [[hour, 4]], previous: 1 },
        {
          key: 'group',
          label: 'To groups',
          data: [
            [hour - 3600, 2],
            [hour, 1],
          ],
          previous: 2,
        },
      ],
      r,
    );
    expect(chart.parts.map((p) => [p.key, p.total, p.values.slice(22)])).toEqual([
      ['direct', 4, [0, 4]],
      ['group', 3, [2, 1]],
    ]);
    expect(chart.values.slice(22)).toEqual([2, 5]);
    expect(chart.total).toBe(7);
    expect(chart.previousTotal).toBe(3);
  });
});
