/**
 * Optional per-app request limit for `/backend` (BACKEND_RATE_LIMIT): a token bucket per
 * app, refilled continuously, allowing bursts of one second's worth.
 */
export class RateLimiter {
  private readonly buckets = new Map<number, { tokens: number; at: number }>();
  constructor(readonly perSecond: number) {}

  take(key: number): boolean {
    const t = Date.now();
    const b = this.buckets.get(key) ?? { tokens: this.perSecond, at: t };
    b.tokens = Math.min(this.perSecond, b.tokens + ((t - b.at) / 1000) * this.perSecond);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
