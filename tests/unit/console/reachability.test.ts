import { describe, expect, it } from 'vitest';
import { ReachabilityLog } from '@/lib/domain/reachability';

// How a remote backend answered in the last hour: what Needs attention says of it.
describe('reachability of a remote backend', () => {
  const t0 = Date.parse('2026-12-08T10:00:00Z');
  it('counts answers and failures of the last hour only, with answer times and the latest failure', () => {
    const log = new ReachabilityLog();
    log.record(1, { answered: false, ms: 5000, kind: 'timeout' }, t0 - 61 * 60_000); // over an hour ago
    log.record(1, { answered: true, ms: 40 }, t0 - 30 * 60_000);
    log.record(1, { answered: true, ms: 80 }, t0 - 20 * 60_000);
    log.record(1, { answered: false, ms: 10, kind: 'unreachable' }, t0 - 60_000);
    log.record(2, { answered: true, ms: 5 }, t0);
    expect(log.lastHour(1, t0)).toEqual({
      answered: 2,
      failed: 1,
      meanMs: 60,
      maxMs: 80,
      lastFailure: { at: t0 - 60_000, kind: 'unreachable' },
    });
    expect(log.lastHour(2, t0)).toEqual({ answered: 1, failed: 0, meanMs: 5, maxMs: 5 });
    expect(log.lastHour(3, t0)).toBeUndefined();
    // An hour later, nothing is left to say.
    expect(log.lastHour(1, t0 + 61 * 60_000)).toBeUndefined();
  });

  it('keeps at most an hour of minutes per app, however many calls', () => {
    const log = new ReachabilityLog();
    for (let m = 0; m < 180; m++)
      for (let i = 0; i < 10; i++) log.record(1, { answered: true, ms: 1 }, t0 + m * 60_000);
    expect(log.lastHour(1, t0 + 179 * 60_000)?.answered).toBe(600);
    expect(
      (log as unknown as { apps: Map<number, { minutes: Map<number, unknown> }> }).apps.get(1)?.minutes.size,
    ).toBeLessThanOrEqual(61);
  });
});
