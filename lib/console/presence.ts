import 'server-only';
import type { Db } from '@/lib/db/types';

/**
 * What webhooks said of users' presence, per app (written by the receiver, lib/console/webhooks.ts
 * putPresence): Online, and last seen (the time of the latest online or offline event). Online
 * lapses after `onlineHours` without a new event: mesibo may never send the offline one.
 */
export interface Presence {
  online: boolean;
  /** Epoch seconds of the latest event. */
  seenTs: number;
}
const IN_LIST = 500;

export class PresenceStore {
  constructor(
    private readonly db: Db,
    private readonly onlineHours: number,
  ) {}

  /** The oldest event time (ms) that still counts as online. */
  onlineSince(now = Date.now()) {
    return now - this.onlineHours * 3_600_000;
  }

  async of(appId: number, addresses: readonly string[]): Promise<Map<string, Presence>> {
    const found = new Map<string, Presence>();
    const since = this.onlineSince();
    for (let i = 0; i < addresses.length; i += IN_LIST) {
      const chunk = addresses.slice(i, i + IN_LIST);
      if (chunk.length === 0) continue;
      const rows = await this.db.all<{ address: string; online: number; event_ts: number }>(
        `SELECT address, online, event_ts FROM presence WHERE app_id = ? AND address IN (${chunk.map(() => '?').join(', ')})`,
        [appId, ...chunk],
      );
      for (const r of rows)
        found.set(r.address, {
          online: Number(r.online) === 1 && Number(r.event_ts) >= since,
          seenTs: Math.floor(Number(r.event_ts) / 1000),
        });
    }
    return found;
  }

  async countOnline(appId: number): Promise<number> {
    const r = await this.db.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM presence WHERE app_id = ? AND online = 1 AND event_ts >= ?',
      [appId, this.onlineSince()],
    );
    return Number(r?.n ?? 0);
  }
}
