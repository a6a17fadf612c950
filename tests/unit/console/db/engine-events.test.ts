import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BreachEvent } from '@/lib/backend';
import { AppRegistry } from '@/lib/console/apps';
import { breachesOf, endBreaches } from '@/lib/console/breaches';
import { auditEngineEvents } from '@/lib/console/engine-events';
import { type TestEngine, testEngine } from '../../../helpers/engine';

/**
 * The engine's events reach the console through its public API: a token breach on /backend is
 * reported once (the call that disabled the app, whatever came after) and written to the
 * audit log under the app. On SQLite, and on PostgreSQL with TEST_DATABASE_URL.
 */
let t: TestEngine;
beforeAll(async () => {
  t = await testEngine({ breachMaxAddresses: 2, breachWindowHours: 24 });
});
afterAll(async () => t.close());

describe('engine events', () => {
  it('a token breach is reported once, and the console audits it under the app', async () => {
    const registry = new AppRegistry(t.db, { bundled: true });
    const { app: consoleApp, token } = await registry.createBundled(t.engine.apps, 'Breached', 'production');
    const seen: BreachEvent[] = [];
    t.engine.apps.events.on('breach', (e) => seen.push(e));
    const errors: unknown[] = [];
    auditEngineEvents(t.engine.apps, t.db, registry, (e) => errors.push(e));
    const from = (address: string) => t.engine.call({ token, op: 'stats' }, { clientAddress: address });
    for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4']) await from(address);
    expect(seen).toEqual([
      { appId: consoleApp.engineAppId, address: '192.0.2.3', addresses: 3, limit: 2, windowHours: 24 },
    ]);
    const audited = async () =>
      (
        await t.db.all<{ target: string; app_id: number; detail: string }>(
          "SELECT target, app_id, detail FROM audit_log WHERE action = 'app.breach'",
        )
      ).map((r) => ({ ...r, app_id: Number(r.app_id) }));
    await expect.poll(audited).toEqual([
      expect.objectContaining({
        target: `app ${consoleApp.id} (Breached)`,
        app_id: consoleApp.id,
        detail: expect.stringContaining(
          'used from 3 client addresses within 24 hours (limit 2; the last from 192.0.2.3)',
        ),
      }),
    ]);
    expect(errors).toEqual([]);
    // The entry names each address with its first and last call, and the breach keeps them.
    const [entry] = await audited();
    for (const a of ['192.0.2.1', '192.0.2.2', '192.0.2.3'])
      expect(entry.detail).toMatch(new RegExp(`${a} \\(\\d{4}-`));
    const [kept] = await breachesOf(t.db, consoleApp.id);
    expect(kept).toMatchObject({ limit: 2, windowHours: 24, rotatedTs: 0 });
    expect(kept.clients.map((c) => c.address)).toEqual(['192.0.2.1', '192.0.2.2', '192.0.2.3']);
    expect(kept.clients[0].firstSeen).toBeGreaterThan(0);

    // The rotation that ends it: the engine forgets the addresses, the breach keeps them.
    await t.engine.apps.rotate(Number(consoleApp.engineAppId));
    expect(await endBreaches(t.db, consoleApp.id, 1_900_000_000)).toBe(1);
    expect(await t.engine.apps.clientsOf(Number(consoleApp.engineAppId))).toEqual([]);
    const [after] = await breachesOf(t.db, consoleApp.id);
    expect(after.rotatedTs).toBe(1_900_000_000);
    expect(after.clients).toHaveLength(3);
    // A rotation with no breach open ends none.
    expect(await endBreaches(t.db, consoleApp.id, 1_900_000_100)).toBe(0);
  });
});
