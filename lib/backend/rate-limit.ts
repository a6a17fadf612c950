import { RateLimiterMemory } from 'rate-limiter-flexible';

/**
 * Optional per-app request limit for `/backend` (BACKEND_RATE_LIMIT): at most `perSecond`
 * requests per app in each one-second window, counted in this process's memory.
 */
export class RateLimiter {
  private readonly limiter: RateLimiterMemory;
  constructor(readonly perSecond: number) {
    this.limiter = new RateLimiterMemory({ points: perSecond, duration: 1 });
  }

  /** Counts one request of `key`; false when it is over the limit. */
  async take(key: number): Promise<boolean> {
    try {
      await this.limiter.consume(key);
      return true;
    } catch (e) {
      // rate-limiter-flexible rejects with its result object when over the limit.
      if (e instanceof Error) throw e;
      return false;
    }
  }
}
