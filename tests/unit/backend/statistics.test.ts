import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeYoungTables } from '@/lib/db/statistics';
import { type TestEngine, testEngine } from '../../helpers/engine';

/**
 * A database still filling (new, or restored without statistics): on PostgreSQL its young
 * tables are analyzed within seconds, and a `message` reads its sender and recipients by one
 * index entry each even before any statistics exist, where it had walked every user of the app
 * (issue 30). SQLite needs neither: nothing is analyzed there.
 */
let t: TestEngine;
const USERS = 20_000;
let gid: number;

beforeAll(async () => {
  t = await testEngine();
  // Written as a restore or an outside loader would: no statistics taken on the way.
  await t.db.run(
    `WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ${USERS})
     INSERT INTO users (app_id, address, name, active, flags, ts) SELECT ?, 'user-' || n, '', 1, 0, 0 FROM g`,
    [t.appId],
  );
  const made = await t.call({
    op: 'groupadd',
    group: { name: 'three', members: { m: ['user-1', 'user-2', 'user-3'] } },
  });
  gid = made.group.gid;
}, 60_000);
afterAll(async () => t.close());

/** The users table's rows read so far, by scans and by index fetches, once the server has counted the last statements. */
async function usersRowsRead(): Promise<number> {
  const r = await t.db.get<{ n: number }>(
    `SELECT COALESCE(seq_tup_read, 0) + COALESCE(idx_tup_fetch, 0) AS n FROM pg_stat_user_tables
     WHERE schemaname = current_schema() AND relname = 'users'`,
  );
  return Number(r?.n ?? 0);
}

/** Makes every session of the engine's pool (4 in tests) report its counts now, not within 10 s of going idle. */
async function settle() {
  const pool = t.db.pgPool;
  if (!pool) return;
  const sessions = await Promise.all(Array.from({ length: 4 }, () => pool.connect()));
  for (const s of sessions) {
    await s.query('SELECT pg_stat_force_next_flush()');
    s.release();
  }
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('planner statistics on PostgreSQL', () => {
  it('a message on a users table never analyzed reads its sender and recipient by index, not every user', async () => {
    await settle();
    const before = await usersRowsRead();
    for (let i = 0; i < 20; i++) {
      const r = await t.call({
        op: 'message',
        message: { from: 'user-1', to: ['user-2', 'user-3'], message: `m${i}` },
      });
      expect(r.result, JSON.stringify(r)).toBe(true);
      const g = await t.call({ op: 'message', message: { from: 'user-1', gid, message: `g${i}` } });
      expect(g.result, JSON.stringify(g)).toBe(true);
    }
    await settle();
    // 40 statements: a few rows each; a walk of the app's users would be 20,000 each.
    expect(await usersRowsRead()).toBeLessThan(before + 2_000);
  });

  it('analyzes the tables that grew from nothing, once, and leaves them until they grow past their size again', async () => {
    let analyzed: string[] = [];
    for (let i = 0; i < 20 && !analyzed.includes('users'); i++) {
      analyzed = [...analyzed, ...(await analyzeYoungTables(t.db))];
      if (!analyzed.includes('users')) await new Promise((r) => setTimeout(r, 250));
    }
    expect(analyzed).toContain('users');
    const stats = await t.db.get<{ reltuples: number; analyzed: string | null }>(
      `SELECT c.reltuples, s.last_analyze AS analyzed FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
       WHERE s.schemaname = current_schema() AND s.relname = 'users'`,
    );
    expect(Number(stats?.reltuples)).toBeGreaterThan(USERS * 0.9);
    expect(stats?.analyzed).not.toBeNull();
    await settle();
    expect(await analyzeYoungTables(t.db)).not.toContain('users');
  });
});

describe.skipIf(!!process.env.TEST_DATABASE_URL)('planner statistics on SQLite', () => {
  it('analyzes nothing: SQLite plans these indexes without statistics', async () => {
    expect(await analyzeYoungTables(t.db)).toEqual([]);
  });
});
