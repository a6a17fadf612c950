import type { Db } from '@/lib/db/types';

/**
 * Token breaches of the console's apps, kept after the rotation that ends them (rotating clears
 * the engine's client addresses, and with them the record of where the token leaked): when,
 * which client addresses with their first and last calls, against which limit, and when the
 * token was rotated after it. Written from the engine's breach event (lib/console/engine-events.ts).
 */
export interface BreachClient {
  address: string;
  firstSeen: number;
  lastSeen: number;
}
export interface Breach {
  id: number;
  ts: number;
  clients: BreachClient[];
  limit: number;
  windowHours: number;
  /** When the token was rotated after it; 0 while the app is still disabled. */
  rotatedTs: number;
}

export async function recordBreach(
  db: Db,
  appId: number,
  breach: { ts: number; clients: BreachClient[]; limit: number; windowHours: number },
): Promise<void> {
  await db.run(
    'INSERT INTO app_breaches (app_id, ts, clients, limit_n, window_hours, rotated_ts) VALUES (?, ?, ?, ?, ?, 0)',
    [appId, breach.ts, JSON.stringify(breach.clients), breach.limit, breach.windowHours],
  );
}

/** The app's breaches, newest first (at most `count`). */
export async function breachesOf(db: Db, appId: number, count = 20): Promise<Breach[]> {
  const rows = await db.all<{
    id: number;
    ts: number;
    clients: string;
    limit_n: number;
    window_hours: number;
    rotated_ts: number;
  }>(
    'SELECT id, ts, clients, limit_n, window_hours, rotated_ts FROM app_breaches WHERE app_id = ? ORDER BY id DESC LIMIT ?',
    [appId, count],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    ts: Number(r.ts),
    clients: JSON.parse(r.clients) as BreachClient[],
    limit: Number(r.limit_n),
    windowHours: Number(r.window_hours),
    rotatedTs: Number(r.rotated_ts),
  }));
}

/** The rotation that ends the app's open breaches; returns how many it ended (0: it followed none). */
export async function endBreaches(db: Db, appId: number, ts: number): Promise<number> {
  return (await db.run('UPDATE app_breaches SET rotated_ts = ? WHERE app_id = ? AND rotated_ts = 0', [ts, appId]))
    .changes;
}
