import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '@/lib/db/types';
import { gaugeAtScrape, metrics } from './metrics';

/**
 * `GET /metrics`: the process's metrics (lib/server/metrics.ts) in Prometheus' text format.
 * With a token, only `Authorization: Bearer <token>` gets them (compared in constant time); a
 * missing or wrong one gets 401 and nothing else.
 */
export const isMetricsPath = (url: string | undefined) => url === '/metrics' || url?.startsWith('/metrics?') === true;

const digest = (s: string) => createHash('sha256').update(s).digest();

export function createMetricsHandler(token: string | undefined) {
  const expected = token ? digest(`Bearer ${token}`) : undefined;
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain; charset=utf-8' }).end('GET only.\n');
      return;
    }
    if (expected && !timingSafeEqual(digest(String(req.headers.authorization ?? '')), expected)) {
      res
        .writeHead(401, { 'www-authenticate': 'Bearer', 'content-type': 'text/plain; charset=utf-8' })
        .end('A bearer token (METRICS_TOKEN) is required.\n');
      return;
    }
    const { registry } = metrics();
    const body = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(body);
  };
}

const ALERTED_STATES = ['queued', 'running', 'paused'] as const;

/** The gauges read from the database when scraped: jobs by kind and state, connections, each app's breach state. */
export function registerDatabaseGauges(db: Db, appStates: () => Promise<{ id: number; state: string }[]>): void {
  gaugeAtScrape('mesibo_jobs', 'Jobs by kind and state.', ['kind', 'state'], async () => {
    const rows = await db.all<{ kind: string; state: string; n: number }>(
      'SELECT kind, state, COUNT(*) AS n FROM jobs GROUP BY kind, state',
    );
    // The states one alerts on are always there (0) for every kind this database has run, so
    // a rule such as `mesibo_jobs{state="paused"} > 0` has a series to compare before it fires.
    const counts = new Map<string, number>();
    for (const kind of new Set(rows.map((r) => r.kind)))
      for (const state of ALERTED_STATES) counts.set(`${kind}\n${state}`, 0);
    for (const r of rows) counts.set(`${r.kind}\n${r.state}`, Number(r.n));
    return [...counts].map(([key, value]) => {
      const [kind, state] = key.split('\n');
      return { labels: { kind, state }, value };
    });
  });
  gaugeAtScrape(
    'mesibo_app_breach',
    'Whether an app is disabled after a token breach (1) or not (0), by console app id.',
    ['app'],
    async () =>
      (await appStates()).map((a) => ({ labels: { app: String(a.id) }, value: a.state === 'breach' ? 1 : 0 })),
  );
  gaugeAtScrape(
    'mesibo_db_connections',
    'Database connections: in use, idle and waiting for one (PostgreSQL); open (SQLite: one writer, one reader).',
    ['state'],
    async () => {
      const pool = db.pgPool;
      // SQLite's driver is synchronous: a query holds the one thread until it ends, so when
      // this runs none is in use and none waits; the two connections stay open.
      if (!pool)
        return [
          { labels: { state: 'open' }, value: 2 },
          { labels: { state: 'in_use' }, value: 0 },
          { labels: { state: 'waiting' }, value: 0 },
        ];
      return [
        { labels: { state: 'in_use' }, value: pool.totalCount - pool.idleCount },
        { labels: { state: 'idle' }, value: pool.idleCount },
        { labels: { state: 'waiting' }, value: pool.waitingCount },
      ];
    },
  );
}
