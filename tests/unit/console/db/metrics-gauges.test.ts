import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobStore } from '@/lib/jobs/store';
import { metrics } from '@/lib/server/metrics';
import { registerDatabaseGauges } from '@/lib/server/metrics-endpoint';
import { remoteConsoleApp, type TestEngine, testEngine } from '../../../helpers/engine';

/**
 * The gauges `GET /metrics` reads from the database when scraped (SQLite, or PostgreSQL with
 * TEST_DATABASE_URL): jobs by kind and state, with the states one alerts on present at 0; each
 * app's breach state; the database's connections.
 */
let t: TestEngine;

beforeAll(async () => {
  t = await testEngine();
  registerDatabaseGauges(t.db, async () => [
    { id: 1, state: 'active' },
    { id: 2, state: 'breach' },
  ]);
});
afterAll(async () => t.close());

const scraped = (name: string) => metrics().registry.getSingleMetricAsString(name);

describe('metrics read from the database', () => {
  it('counts jobs by kind and state, and keeps queued, running and paused at 0 for each kind seen', async () => {
    const store = new JobStore(t.db);
    const appId = await remoteConsoleApp(t.db, 'metrics-a');
    const operator = { id: 1, email: 'op@example.com' };
    for (let i = 0; i < 2; i++) {
      const id = await store.create({ kind: 'users.import', appId, operator, title: `f${i}.csv` });
      await store.stage(id, [{ n: 1, line: 2, key: 'u@example.org', data: {} }]);
      await store.queue(id, {}, 1);
    }
    await store.create({ kind: 'members.bulk', appId, operator, title: 'draft' });
    const text = await scraped('mesibo_jobs');
    expect(text).toContain('mesibo_jobs{kind="users.import",state="queued"} 2');
    expect(text).toContain('mesibo_jobs{kind="users.import",state="running"} 0');
    expect(text).toContain('mesibo_jobs{kind="users.import",state="paused"} 0');
    expect(text).toContain('mesibo_jobs{kind="members.bulk",state="draft"} 1');
    expect(text).toContain('mesibo_jobs{kind="members.bulk",state="queued"} 0');
  });

  it("says each app's breach state and the connections in use and waiting", async () => {
    const breach = await scraped('mesibo_app_breach');
    expect(breach).toContain('mesibo_app_breach{app="1"} 0');
    expect(breach).toContain('mesibo_app_breach{app="2"} 1');
    const connections = await scraped('mesibo_db_connections');
    expect(connections).toMatch(/mesibo_db_connections\{state="in_use"\} \d+/);
    expect(connections).toContain('mesibo_db_connections{state="waiting"} 0');
  });
});
