/**
 * A remote backend's answers over the last hour, as this server's calls to it went: how many
 * calls were answered (a refusal is an answer) and how many were not (timeouts, refused
 * connections, bad replies, 5xx), the answer times, and the latest failure. Kept per minute, so
 * an hour is at most 60 entries per app however busy it is; per server instance (each instance
 * calls the backend itself, and says what it saw).
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type Minute = { answered: number; failed: number; totalMs: number; maxMs: number };
export type Outcome = { answered: boolean; ms: number; kind?: string };
export interface Reachability {
  answered: number;
  failed: number;
  /** The mean and the longest answer time of the answered calls, ms. */
  meanMs?: number;
  maxMs?: number;
  lastFailure?: { at: number; kind: string };
}

export class ReachabilityLog {
  private readonly apps = new Map<
    number,
    { minutes: Map<number, Minute>; lastFailure?: { at: number; kind: string } }
  >();

  record(appId: number, outcome: Outcome, now = Date.now()) {
    const app = this.apps.get(appId) ?? { minutes: new Map<number, Minute>() };
    this.apps.set(appId, app);
    const key = Math.floor(now / MINUTE);
    const m = app.minutes.get(key) ?? { answered: 0, failed: 0, totalMs: 0, maxMs: 0 };
    app.minutes.set(key, m);
    if (outcome.answered) {
      m.answered++;
      m.totalMs += outcome.ms;
      m.maxMs = Math.max(m.maxMs, outcome.ms);
    } else {
      m.failed++;
      app.lastFailure = { at: now, kind: outcome.kind ?? 'unreachable' };
    }
    for (const k of app.minutes.keys()) if (k <= key - 60) app.minutes.delete(k);
  }

  /** The last hour of `appId`; undefined when nothing was called in it. */
  lastHour(appId: number, now = Date.now()): Reachability | undefined {
    const app = this.apps.get(appId);
    if (!app) return undefined;
    const since = Math.floor((now - HOUR) / MINUTE);
    const r = { answered: 0, failed: 0, totalMs: 0, maxMs: 0 };
    for (const [k, m] of app.minutes)
      if (k > since) {
        r.answered += m.answered;
        r.failed += m.failed;
        r.totalMs += m.totalMs;
        r.maxMs = Math.max(r.maxMs, m.maxMs);
      }
    if (r.answered + r.failed === 0) return undefined;
    return {
      answered: r.answered,
      failed: r.failed,
      ...(r.answered && { meanMs: Math.round(r.totalMs / r.answered), maxMs: r.maxMs }),
      ...(app.lastFailure && app.lastFailure.at > now - HOUR && { lastFailure: app.lastFailure }),
    };
  }
}
