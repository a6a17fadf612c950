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

/** The gauges read from the database when scraped: jobs by kind and state, connections, each app's breach state. */
export function registerDatabaseGauges(db: Db, appStates: () => Promise<{ id: number; state: string }[]>): void {
  gaugeAtScrape('mesibo_jobs', 'Jobs by kind and state.', ['kind', 'state'], async () =>
    (
      await db.all<{ kind: string; state: string; n: number }>(
        'SELECT kind, state, COUNT(*) AS n FROM jobs GROUP BY kind, state',
      )
    ).map((r) => ({ labels: { kind: r.kind, state: r.state }, value: Number(r.n) })),
  );
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
      if (!pool) return [{ labels: { state: 'open' }, value: 2 }];
      return [
        { labels: { state: 'in_use' }, value: pool.totalCount - pool.idleCount },
        { labels: { state: 'idle' }, value: pool.idleCount },
        { labels: { state: 'waiting' }, value: pool.waitingCount },
      ];
    },
  );
}
