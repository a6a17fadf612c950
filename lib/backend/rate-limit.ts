import { RateLimiterMemory } from 'rate-limiter-flexible';
import { countOne } from '@/lib/db/shared-limiter';

/**
 * Optional per-app request limit for `/backend` (BACKEND_RATE_LIMIT): at most `perSecond`
 * requests per app in each one-second window, counted in this process's memory (per
 * instance: sharing it would put a database write on every request).
 */
export class RateLimiter {
  private readonly limiter: RateLimiterMemory;
  constructor(readonly perSecond: number) {
    this.limiter = new RateLimiterMemory({ points: perSecond, duration: 1 });
  }

  /** Counts one request of `key`; false when it is over the limit. */
  async take(key: number): Promise<boolean> {
    return (await countOne(this.limiter, String(key))) === 0;
  }
}
