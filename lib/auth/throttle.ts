import 'server-only';
import { RateLimiterMemory } from 'rate-limiter-flexible';

/**
 * Sign-in throttling per client address: failures spread over many accounts from one
 * address (password spraying) are slowed down, on top of the per-account lockout.
 * In memory: one server process holds the counts; a restart forgets them.
 */
export const FAILURES_PER_ADDRESS = 20;
const failures = new RateLimiterMemory({ points: FAILURES_PER_ADDRESS, duration: 15 * 60 });

export async function isThrottled(address: string): Promise<boolean> {
  const r = await failures.get(address);
  return r !== null && r.remainingPoints <= 0;
}

export async function recordFailure(address: string): Promise<void> {
  await failures.penalty(address, 1);
}
