import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '@/lib/db/types';

/**
 * `/api/health`: the process answers (liveness). `/api/ready`: the database answers too
 * (readiness). Both say only that, for load balancers and orchestrators; no versions,
 * counts or configuration.
 */
const PATHS = new Set(['/api/health', '/api/ready']);

export function isHealthPath(url: string | undefined): boolean {
  if (!url) return false;
  const q = url.indexOf('?');
  return PATHS.has(q === -1 ? url : url.slice(0, q));
}

function send(res: ServerResponse, status: number, body: Record<string, string>) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(payload);
}

export function createHealthHandler(db: Db) {
  return (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { status: 'method not allowed' });
    if (!req.url?.startsWith('/api/ready')) return send(res, 200, { status: 'ok' });
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref());
    Promise.race([db.get('SELECT 1 AS one'), timeout]).then(
      () => send(res, 200, { status: 'ready' }),
      () => send(res, 503, { status: 'database unavailable' }),
    );
  };
}
