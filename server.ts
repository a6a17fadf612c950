import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { openBackend, setSharedBackend } from '@/lib/backend';
import { clientAddress, createBackendHandler, isBackendPath } from '@/lib/backend/http';
import { auditEngineEvents } from '@/lib/console/engine-events';
import { CONSOLE_MIGRATIONS } from '@/lib/console/migrations';
import { ensureFirstAdmin } from '@/lib/console/operators';
import { sealServerKeyCheck, serverKeyCheck } from '@/lib/console/settings';
import { NewerDatabaseError } from '@/lib/db/migrate';
import { keepStatistics } from '@/lib/db/statistics';
import type { Db } from '@/lib/db/types';
import { applyDerivedDefaults, backendConfig, consoleOrigin, env, serverKeySource, sessionSecret } from '@/lib/env';
import { EnvError } from '@/lib/env-schema';
import { appRegistry, tokenBox } from '@/lib/server/apps';
import { CLIENT_ADDRESS_HEADER } from '@/lib/server/client-address';
import { createHealthHandler, isHealthPath } from '@/lib/server/health';
import { createLogger } from '@/lib/server/logger';
import { metrics } from '@/lib/server/metrics';
import { createMetricsHandler, isMetricsPath, registerDatabaseGauges } from '@/lib/server/metrics-endpoint';
import { originMatches } from '@/lib/server/same-origin';
import { runShutdownHooks } from '@/lib/server/shutdown';
import { webhookReceiver } from '@/lib/server/webhooks';
import { isWebhookPath } from '@/lib/webhooks/receiver';

/**
 * The product's one process: `/backend`, `/backend/`, `/mesiboapi`, `/mesiboapi/` and `/api.php` are answered here
 * directly by the bundled engine; every other request goes to Next (the console).
 * `npm start` runs the bundled form of this file (dist/server.js).
 */
async function main() {
  applyDerivedDefaults();
  const config = env();
  const log = createLogger(config.LOG_LEVEL, config.LOG_FILE);
  const backend = await openBackend({ ...backendConfig(), logger: log, migrations: CONSOLE_MIGRATIONS });
  setSharedBackend(backend);
  // Before anything is sealed or opened with it: the server key is the database's.
  await checkServerKey(backend.engine.db);
  // The console's apps: the engine's, and the remote one MESIBO_API_URL defines.
  const registry = await appRegistry();
  await registry.sync();
  auditEngineEvents(backend.engine.apps, backend.engine.db, registry, (err) =>
    log.error({ err }, 'audit of an engine event failed'),
  );
  await checkServerKey(backend.engine.db, await registry.sealedUnderOtherKeys(tokenBox()));
  await sealServerKeyCheck(backend.engine.db, tokenBox(), { once: true });
  // PostgreSQL: statistics for tables still growing from nothing (a new or restored database).
  const stopStatistics = keepStatistics(backend.engine.db, {
    onAnalyzed: (tables) => log.info({ tables }, 'planner statistics refreshed'),
    onError: (err) => log.warn({ err }, 'refreshing planner statistics failed'),
  });
  // The console's first start: a session-signing key and a first administrator.
  sessionSecret();
  const firstAdmin = await ensureFirstAdmin(backend.engine.db, {
    email: config.ADMIN_EMAIL,
    password: config.ADMIN_PASSWORD,
  });

  const root = path.resolve(__dirname, '..');
  adoptBuildDeploymentId();
  const app = next({ dev: false, dir: root, hostname: config.HOSTNAME, port: config.PORT });
  await app.prepare();
  const handleNext = app.getRequestHandler();
  const handleBackend = createBackendHandler({
    engine: backend.engine,
    trustProxyHops: config.TRUST_PROXY,
    onError: (err, requestId) => log.error({ err, requestId }, 'backend request failed'),
    onAnswer: config.METRICS_TOKEN || config.METRICS_PORT ? observeBackend : undefined,
  });

  const health = createHealthHandler(backend.engine.db);
  // mesibo's webhooks: outside the console's session checks, their URLs (a legacy GET carries the secret) never logged.
  const webhooks = webhookReceiver(backend.engine.db, (err, requestId) =>
    log.error({ err, requestId }, 'webhook delivery failed'),
  );
  // GET /metrics: only when asked for (METRICS_TOKEN, METRICS_PORT); on its own loopback port
  // when METRICS_PORT is set, else on this one behind the token.
  const serveMetrics =
    config.METRICS_TOKEN || config.METRICS_PORT ? createMetricsHandler(config.METRICS_TOKEN) : undefined;
  if (serveMetrics)
    registerDatabaseGauges(backend.engine.db, async () =>
      (await registry.list()).map((a) => ({ id: a.id, state: a.state })),
    );
  const metricsHere = serveMetrics && !config.METRICS_PORT ? serveMetrics : undefined;
  const origin = consoleOrigin();
  // Served over https (by a TLS proxy in front of this http process): browsers must never
  // fall back to plain http for this host, so every answer says so.
  const hsts = origin.startsWith('https://') ? 'max-age=63072000; includeSubDomains' : undefined;
  const server = http.createServer((req, res) => {
    if (hsts) res.setHeader('Strict-Transport-Security', hsts);
    if (isBackendPath(req.url)) {
      if (config.BUNDLED_BACKEND) handleBackend(req, res);
      else res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(BACKEND_OFF);
    } else if (isHealthPath(req.url)) health(req, res);
    else if (metricsHere && isMetricsPath(req.url)) void metricsHere(req, res);
    else if (isWebhookPath(req.url)) void webhooks.handle(req, res);
    else if (req.method === 'POST' && req.headers['next-action'] && !originMatches(req.headers.origin, origin)) {
      // A server-action call from any origin but the console's own (NEXTAUTH_URL's, scheme
      // included), or without one, is refused before Next parses it; every action checks again.
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Cross-origin request refused.\n');
    } else {
      // The console learns the client's address only from here (sign-in throttling): any
      // value the client sent under this name is replaced.
      req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req, config.TRUST_PROXY);
      req.url = literalPercents(req.url);
      if (!decodablePath(req.url)) {
        // The router would fail on it with a bare 500: the console's 400 page instead.
        req.url = '/bad-request';
        forceStatus(res, 400);
      }
      void handleNext(req, res);
    }
  });
  // Bound how long a slow or idle client may hold a connection.
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  server.keepAliveTimeout = 5_000;

  // What this first start made and shows once (the app token, the admin's password), said even
  // when the port turns out to be taken: started again, the console would never show them.
  const tokenLines = backend.createdToken
    ? [
        `  ${config.MESIBO_API_URL ? 'Bundled app' : 'Default app'} token (shown once, store it now): ${backend.createdToken}`,
        '  Use it as "token" in Backend API requests from your servers; never ship it in an app.',
      ]
    : [];
  const adminLines = firstAdmin?.generatedPassword
    ? [
        `  Console sign-in (shown once): ${firstAdmin.email} / ${firstAdmin.generatedPassword}`,
        '  Change it on the Account page (top right) once signed in, or set ADMIN_EMAIL and ADMIN_PASSWORD before the first start.',
      ]
    : [];
  const shownOnce = [...tokenLines, ...adminLines];
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PORT, config.HOSTNAME, resolve);
    });
  } catch (e) {
    if (shownOnce.length)
      process.stdout.write(`\nmesibo-admin was set up, but did not start:\n${shownOnce.join('\n')}\n\n`);
    throw e;
  }
  if (serveMetrics && config.METRICS_PORT) {
    const metricsServer = http.createServer((req, res) => {
      if (isMetricsPath(req.url)) void serveMetrics(req, res);
      else res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('GET /metrics\n');
    });
    await new Promise<void>((resolve, reject) => {
      metricsServer.once('error', reject);
      metricsServer.listen(config.METRICS_PORT, '127.0.0.1', resolve);
    });
    metricsServer.unref();
  }
  const host = config.HOSTNAME.includes(':') ? `[${config.HOSTNAME}]` : config.HOSTNAME;
  const url = `http://${host}:${config.PORT}`;
  const db = config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `SQLite in ${path.join(config.dataDir, 'mesibo.db')}`;
  const lines = [
    '',
    `mesibo-admin is running at ${url}`,
    config.BUNDLED_BACKEND
      ? `  Backend API: POST ${url}/backend  (database: ${db})`
      : `  Backend API: off (BUNDLED_BACKEND=off); database: ${db}`,
  ];
  if (config.MESIBO_API_URL)
    lines.push(`  Default app: remote, ${new URL(config.MESIBO_API_URL).host} (MESIBO_API_URL)`);
  lines.push(...tokenLines);
  if (!backend.createdToken && config.MESIBO_APP_TOKEN && !config.MESIBO_API_URL)
    lines.push('  Default app token: the value of MESIBO_APP_TOKEN.');
  lines.push(...adminLines);
  if (firstAdmin && !firstAdmin.generatedPassword)
    lines.push(`  Console sign-in: ${firstAdmin.email} with ADMIN_PASSWORD.`);
  lines.push(
    ...(config.BUNDLED_BACKEND
      ? [
          '  Next: open the URL above and sign in, or try the Backend API:',
          `    curl -s ${url}/backend -H 'Content-Type: application/json' -d '{"op":"stats","token":"<app token>"}'`,
        ]
      : ['  Next: open the URL above and sign in.']),
    '  Manage apps and tokens: npm run backend -- help',
    '',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  log.info(
    {
      url,
      database: config.DATABASE_URL ? 'postgres' : 'sqlite',
      backend: config.MESIBO_API_URL ? 'remote' : 'bundled',
      bundledBackend: config.BUNDLED_BACKEND,
    },
    'server started',
  );

  // SIGTERM/SIGINT: stop accepting, let in-flight requests finish (their writes commit),
  // close the database cleanly, exit 0. A request still running after 10 s is abandoned.
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    stopStatistics();
    server.close(() => {
      void runShutdownHooks()
        .then(() => backend.engine.db.close())
        .finally(() => process.exit(0));
    });
    server.closeIdleConnections();
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    idle.unref();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/**
 * The server key must be the one this database was sealed with: checked against a value sealed
 * at its first start, and against the remote apps' stored tokens (a database from before the
 * check). Another key would fail every remote app, webhook secret and two-factor sign-in, so
 * the server refuses to start and names the key, on SQLite (the key file replaced) as on
 * PostgreSQL (an instance configured unlike the others).
 */
async function checkServerKey(db: Db, appsUnderOtherKeys: number[] = []) {
  const which = appsUnderOtherKeys.length
    ? ` (the stored tokens of app${appsUnderOtherKeys.length === 1 ? '' : 's'} ${appsUnderOtherKeys.join(', ')} do not open with it)`
    : '';
  if ((await serverKeyCheck(db, tokenBox())) !== 'other' && !which) return;
  throw new EnvError(
    `Invalid configuration:\n  ${serverKeySource()}: is not the key this database was sealed with${which}. Start with the key it was made with (every instance on one database uses the same key); to change the key, stop the server(s) and run npm run backend -- rotate-server-key.`,
  );
}

/** /backend answers, counted by op and result with their latency (GET /metrics). */
function observeBackend(op: string, result: string, seconds: number) {
  metrics().backend.observe({ op, result }, seconds);
}

/**
 * The deployment id this build was made with (scripts/build.mjs), for next.config.js: every
 * instance of one build must report the same id, whatever DEPLOYMENT_ID says at run time.
 */
function adoptBuildDeploymentId() {
  const file = path.join(__dirname, 'deployment-id');
  if (fs.existsSync(file)) process.env.DEPLOYMENT_ID = fs.readFileSync(file, 'utf8').trim();
}

const BACKEND_OFF = "Not found: this server's Backend API is off (BUNDLED_BACKEND=off).\n";

/**
 * A `%` in the path that does not start a percent-escape (a hand-typed /users/a%b) is made
 * a literal one (%25): Next would otherwise fail the whole request on it, and the operator
 * means the address as typed.
 */
function literalPercents(url: string | undefined): string | undefined {
  if (!url?.includes('%')) return url;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  return path.replace(/%(?![0-9A-Fa-f]{2})/g, '%25') + (q === -1 ? '' : url.slice(q));
}

/** Whether the path's percent-escapes decode (as UTF-8): "/users/%FF" does not. */
function decodablePath(url: string | undefined): boolean {
  const q = url?.indexOf('?') ?? -1;
  try {
    decodeURIComponent(q === -1 ? (url ?? '') : (url ?? '').slice(0, q));
    return true;
  } catch {
    return false;
  }
}

/** Makes whatever status Next sets for this response `status` (Next renders the page with 200). */
function forceStatus(res: http.ServerResponse, status: number) {
  Object.defineProperty(res, 'statusCode', { get: () => status, set: () => {}, configurable: true });
}

main().catch((e) => {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (e instanceof EnvError) process.stderr.write(`${e.message}\n\nFix the variables above and start again.\n`);
  else if (e instanceof NewerDatabaseError) process.stderr.write(`${e.message}\n`);
  else if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    const { address, port } = e as { address?: string; port?: number };
    const why =
      code === 'EADDRINUSE'
        ? 'is already in use (is mesibo-admin already running?)'
        : code === 'EACCES'
          ? 'may not be opened by this user (ports below 1024 need privileges)'
          : 'is not an address of this machine';
    process.stderr.write(
      `mesibo-admin cannot listen on ${address ?? 'HOSTNAME'}:${port ?? 'PORT'}: it ${why}.\n${
        code === 'EADDRINUSE' ? 'Stop the other process, or set PORT to another port' : 'Set PORT and HOSTNAME'
      }, and start again.\n`,
    );
  } else
    process.stderr.write(`mesibo-admin failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
