import type { Apps as EngineApps } from '@/lib/backend';
import type { Db } from '@/lib/db/types';
import type { AppRegistry } from './apps';
import { recordAudit } from './audit';
import { type BreachClient, recordBreach } from './breaches';

/**
 * The engine's events in the console's audit log. A token breach (a bundled app's token used
 * from more client addresses than allowed, so the engine disabled the app) happens on
 * `/backend`, where no operator is signed in: the entry is the system's, under the app, and
 * names the client addresses with their first and last calls; the breach is kept with them
 * (lib/console/breaches.ts) after the rotation that ends it.
 */
export function auditEngineEvents(
  apps: EngineApps,
  db: Db,
  registry: AppRegistry,
  onError: (err: unknown) => void,
): void {
  apps.events.on('breach', (e) => {
    void (async () => {
      const app = (await registry.list()).find((a) => a.engineAppId === e.appId);
      // Where the token was used, kept with the breach: rotating forgets the engine's addresses.
      const clients = await apps.clientsOf(e.appId);
      if (app)
        await recordBreach(db, app.id, {
          ts: Math.floor(Date.now() / 1000),
          clients,
          limit: e.limit,
          windowHours: e.windowHours,
        });
      await recordAudit(db, {
        operatorEmail: 'system',
        role: '-',
        action: 'app.breach',
        target: app ? `app ${app.id} (${app.name})` : `engine app ${e.appId}`,
        outcome: 'denied',
        detail: `Token breach: the app token was used from ${e.addresses} client addresses within ${e.windowHours} hours (limit ${e.limit}; the last from ${e.address}). The app is disabled until its token is rotated. Client addresses (first call – last call, UTC): ${clients.map(clientText).join('; ')}.`,
        appId: app?.id,
      });
    })().catch(onError);
  });
}

const utc = (ts: number) => new Date(ts * 1000).toISOString().slice(0, 19).replace('T', ' ');
const clientText = (c: BreachClient) => `${c.address} (${utc(c.firstSeen)} – ${utc(c.lastSeen)})`;
