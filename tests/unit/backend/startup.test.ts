import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBackend } from '@/lib/backend';
import { CONSOLE_MIGRATIONS } from '@/lib/console/migrations';
import { ensureFirstAdmin } from '@/lib/console/operators';
import { openPostgres } from '@/lib/db/postgres';
import { openSqlite } from '@/lib/db/sqlite';
import type { Db } from '@/lib/db/types';
import { throwawaySchema } from '../../helpers/pg-schema';

/**
 * Instances started at the same moment on an empty database (a rolling start, an
 * orchestrator bringing up three replicas): exactly one default app and one first admin,
 * and no instance fails.
 */
async function emptyDatabase(): Promise<{ open: () => Db; drop: () => Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesibo-startup-'));
    return { open: () => openSqlite(dir), drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = await throwawaySchema(url, 's');
  return { open: () => openPostgres(schema.url, 2), drop: schema.drop };
}

describe('instances starting together on an empty database', () => {
  for (const token of [undefined, 'startup0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghij']) {
    it(`make one default app and one admin, and all start (${token ? 'MESIBO_APP_TOKEN set' : 'token generated'})`, async () => {
      const empty = await emptyDatabase();
      const dbs = Array.from({ length: 4 }, () => empty.open());
      try {
        const started = await Promise.all(
          dbs.map(async (db) => {
            const b = await openBackend(
              {
                migrations: CONSOLE_MIGRATIONS,
                dataDir: '',
                appToken: token,
                secretKey: 'k'.repeat(40),
                breachMaxAddresses: 5,
                breachWindowHours: 24,
              },
              db,
            );
            const admin = await ensureFirstAdmin(db, { email: 'first@example.com', password: 'first-password-123' });
            return { ...b, admin };
          }),
        );
        const apps = await dbs[0].all<{ id: number }>('SELECT id FROM apps WHERE is_default = 1');
        expect(apps).toHaveLength(1);
        expect(new Set(started.map((s) => s.defaultAppId))).toEqual(new Set([Number(apps[0].id)]));
        // Only the instance that made the app shows a generated token; only one made the admin.
        expect(started.filter((s) => s.createdToken)).toHaveLength(token ? 0 : 1);
        expect(started.filter((s) => s.admin)).toHaveLength(1);
        expect(await dbs[0].all('SELECT id FROM operators')).toHaveLength(1);
      } finally {
        for (const db of dbs) await db.close();
        await empty.drop();
      }
    });
  }
});
