import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '@/lib/backend/engine';
import { APP_TOKEN, type TestEngine, testEngine } from '../../helpers/engine';

// The per-app counts the Overview and the Users list show (`stats`) stay exact while many
// sessions write at once, from two processes' pools, and through each way rows come and go.
let t: TestEngine;
let second: Engine;
beforeAll(async () => {
  t = await testEngine();
  second = await t.openSecond();
  await t.call({ op: 'useradd', user: { address: 'member-0' } });
  await t.call({ op: 'useradd', user: { address: 'member-1' } });
}, 60_000);
afterAll(async () => t.close());

const stats = async () => (await t.call({ op: 'stats' })).stats as { users: number; messages: number };
const counted = async (table: string) =>
  Number((await t.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE app_id = ?`, [t.appId]))?.n);

describe('kept counts under concurrent writers', () => {
  it('match the rows after 300 adds, 100 deletes and 200 messages at once, from two engines', async () => {
    const viaSecond = (req: Record<string, unknown>) => second.call({ token: APP_TOKEN, ...req });
    const before = await stats();
    await Promise.all(
      Array.from({ length: 300 }, (_, i) => {
        const req = { op: 'useradd', user: { address: `c-${i}` } };
        return i % 2 ? t.call(req) : viaSecond(req);
      }),
    );
    await Promise.all([
      ...Array.from({ length: 100 }, (_, i) => t.call({ op: 'userdel', user: { address: `c-${i * 3}` } })),
      ...Array.from({ length: 200 }, (_, i) =>
        (i % 2 ? t.call : viaSecond)({ op: 'message', message: { from: 'member-0', to: 'member-1', message: `${i}` } }),
      ),
    ]);
    const after = await stats();
    expect(after.users).toBe(before.users + 200);
    expect(after.users).toBe(await counted('users'));
    expect(after.messages).toBe(before.messages + 200);
    expect(after.messages).toBe(await counted('messages'));
  });

  it('drop a deleted user’s messages from the count with them', async () => {
    await t.call({ op: 'useradd', user: { address: 'leaving' } });
    for (let i = 0; i < 5; i++)
      await t.call({ op: 'message', message: { from: 'leaving', to: 'member-0', message: `bye ${i}` } });
    const before = await stats();
    await t.call({ op: 'userdel', user: { address: 'leaving' } });
    const after = await stats();
    expect(after.users).toBe(before.users - 1);
    expect(after.messages).toBe(await counted('messages'));
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('kept counts on PostgreSQL', () => {
  it('never make one writer wait for another to commit: 20 open transactions add a user each', async () => {
    // 20 sessions (more than there were shared rows before) each add a user and hold their
    // transaction open: none may wait on another's count row. Sessions whose pids would share
    // a row by design (pid modulo 64) are left out, so the test does not depend on pids.
    const sessions: pg.Client[] = [];
    const rows = new Set<number>();
    try {
      while (sessions.length < 20) {
        const c = new pg.Client({ connectionString: t.location });
        await c.connect();
        const pid = Number((await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
        if (rows.has(pid % 64)) {
          await c.end();
          continue;
        }
        rows.add(pid % 64);
        sessions.push(c);
        await c.query("BEGIN; SET LOCAL lock_timeout = '2s'");
        await c.query(
          "INSERT INTO users (app_id, address, address_key, name, active, flags, ts) VALUES ($1, $2, $2, '', 1, 0, 0)",
          [t.appId, `open-${sessions.length}`],
        );
      }
      const before = (await stats()).users;
      for (const c of sessions) await c.query('COMMIT');
      expect((await stats()).users).toBe(before + 20);
    } finally {
      await Promise.all(sessions.map((c) => c.end()));
    }
  });
});
