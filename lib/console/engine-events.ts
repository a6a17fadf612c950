import type { Apps as EngineApps } from '@/lib/backend';
import type { Db } from '@/lib/db/types';
import type { AppRegistry } from './apps';
import { recordAudit } from './audit';

/**
 * The engine's events in the console's audit log. A token breach (a bundled app's token used
 * from more client addresses than allowed, so the engine disabled the app) happens on
 * `/backend`, where no operator is signed in: the entry is the system's, under the app.
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
      await recordAudit(db, {
        operatorEmail: 'system',
        role: '-',
        action: 'app.breach',
        target: app ? `app ${app.id} (${app.name})` : `engine app ${e.appId}`,
        outcome: 'denied',
        detail: `Token breach: the app token was used from ${e.addresses} client addresses within ${e.windowHours} hours (limit ${e.limit}; the last from ${e.address}). The app is disabled until its token is rotated.`,
        appId: app?.id,
      });
    })().catch(onError);
  });
}
