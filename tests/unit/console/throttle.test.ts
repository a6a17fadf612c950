import { describe, expect, it } from 'vitest';
import { FAILURES_PER_ADDRESS, isThrottled, recordFailure } from '@/lib/auth/throttle';

describe('sign-in throttling per client address', () => {
  it('blocks an address after its failures, whatever accounts they were for, and only that address', async () => {
    for (let i = 0; i < FAILURES_PER_ADDRESS - 1; i++) await recordFailure('203.0.113.7');
    expect(await isThrottled('203.0.113.7')).toBe(false);
    await recordFailure('203.0.113.7');
    expect(await isThrottled('203.0.113.7')).toBe(true);
    expect(await isThrottled('203.0.113.8')).toBe(false);
  });
});
