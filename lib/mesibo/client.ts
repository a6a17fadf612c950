import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { ConsoleApp } from '@/lib/console/apps';
import { env } from '@/lib/env';
import { appRegistry, tokenBox } from '@/lib/server/apps';
import { bundledBackend } from '@/lib/server/backend';
import { log } from '@/lib/server/log';
import { currentRequestId } from '@/lib/server/request-context';
import { Envelope, FailureEnvelope } from './contract';
import { OpError, UpstreamError } from './errors';

/**
 * The one place the console calls a mesibo Backend API, and the only reader of app tokens.
 * Each app the console knows is a target: a bundled app is called in-process (no token: the
 * engine runs the op as that app, and no client address counts toward token breach); a
 * remote app by an HTTP POST to its URL with its token, with a timeout and no redirects.
 *
 * Replies are zod-validated; `result:false` becomes an OpError with the envelope's fields.
 * Anything else (timeout, network, 5xx, not JSON) becomes an UpstreamError whose message
 * is ours, never the upstream's text. Only reads are retried (once, on a network error):
 * an op that creates something may have been applied although its answer was lost.
 * After five upstream failures in a row, calls to that backend fail fast for ten seconds.
 */
const READ_OPS = new Set(['usersget', 'groupsget', 'groupgetmembers', 'messagesget', 'stats']);
const BREAKER_THRESHOLD = 5;
const BREAKER_OPEN_MS = 10_000;

type Transport = (request: Record<string, unknown>) => Promise<unknown>;

export type BackendTarget = { kind: 'bundled'; engineAppId: number } | { kind: 'remote'; url: string; token: string };

const bundled =
  (engineAppId: number): Transport =>
  async (request) => {
    const { engine } = await bundledBackend();
    return (await engine.callAsApp(engineAppId, request)).body;
  };

function remote(url: string, token: string | undefined, timeoutMs: number, requestId: string): Transport {
  return async (request) => {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ ...request, token }),
        signal: AbortSignal.timeout(timeoutMs),
        cache: 'no-store',
        redirect: 'error',
      });
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      throw new UpstreamError(timedOut ? 'timeout' : 'unreachable', requestId);
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      throw new UpstreamError('unreachable', requestId);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new UpstreamError(response.ok ? 'bad_response' : 'http_status', requestId, response.status);
    }
  };
}

/** A client for one backend, with its own circuit breaker. */
export function createClient(target: BackendTarget, timeoutMs: number) {
  const breaker = { failures: 0, openUntil: 0 };
  return async function call<S extends z.ZodType>(
    op: string,
    payload: Record<string, unknown>,
    schema: S,
  ): Promise<z.output<S>> {
    // The id of the request this call serves (an action, a page load), so log lines match it.
    const requestId = currentRequestId() ?? randomUUID();
    const started = Date.now();
    if (target.kind === 'remote' && breaker.openUntil > started) throw new UpstreamError('circuit_open', requestId);
    const transport =
      target.kind === 'remote' ? remote(target.url, target.token, timeoutMs, requestId) : bundled(target.engineAppId);
    const request = { op, ...payload };
    try {
      let reply: unknown;
      try {
        reply = await transport(request);
      } catch (e) {
        if (!(e instanceof UpstreamError && e.kind === 'unreachable' && READ_OPS.has(op))) throw e;
        reply = await transport(request);
      }
      const envelope = Envelope.safeParse(reply);
      if (!envelope.success) throw new UpstreamError('bad_response', requestId);
      breaker.failures = 0;
      if (!envelope.data.result) {
        const f = FailureEnvelope.parse(reply);
        log().info({ requestId, op, error: f.error, ms: Date.now() - started }, 'backend call refused');
        throw new OpError(op, f.error, f.code, f.cause, f.action, f.properties);
      }
      const data = schema.safeParse(reply);
      if (!data.success) throw new UpstreamError('bad_response', requestId);
      // What was called and how long it took; never the request or the reply (addresses, tokens).
      log().debug({ requestId, op, ms: Date.now() - started }, 'backend call');
      return data.data;
    } catch (e) {
      if (e instanceof UpstreamError) {
        if (++breaker.failures >= BREAKER_THRESHOLD) breaker.openUntil = Date.now() + BREAKER_OPEN_MS;
        log().warn({ requestId, op, kind: e.kind, status: e.status, ms: Date.now() - started }, 'backend call failed');
      }
      throw e;
    }
  };
}

type Client = ReturnType<typeof createClient>;

/** What calls go to for `app`: its engine app, or its URL and (unsealed) token. */
export async function targetOf(app: ConsoleApp): Promise<BackendTarget> {
  if (app.kind === 'bundled') {
    if (app.engineAppId === undefined) throw new Error(`app ${app.id} has no engine app`);
    return { kind: 'bundled', engineAppId: app.engineAppId };
  }
  const token = await (await appRegistry()).remoteToken(tokenBox(), app);
  if (!app.apiUrl || !token) throw new UpstreamError('no_token', currentRequestId() ?? randomUUID());
  return { kind: 'remote', url: app.apiUrl, token };
}

/*
 * One client per app, so each backend has its own circuit breaker. A client is checked
 * against its app's current target at most once a second: a replaced token or URL (here or
 * on another instance) gets a new client within that second.
 */
const CHECK_MS = 1000;
const clients = new Map<number, { key: string; client: Client; checked: number }>();

const keyOf = (t: BackendTarget) =>
  t.kind === 'bundled'
    ? `b:${t.engineAppId}`
    : `r:${t.url}:${createHash('sha256').update(t.token).digest('base64url')}`;

async function clientFor(app: ConsoleApp): Promise<Client> {
  const cached = clients.get(app.id);
  if (cached && Date.now() - cached.checked < CHECK_MS) return cached.client;
  const target = await targetOf(app);
  const key = keyOf(target);
  const client = cached?.key === key ? cached.client : createClient(target, env().MESIBO_API_TIMEOUT_MS);
  clients.set(app.id, { key, client, checked: Date.now() });
  return client;
}

/**
 * Calls `op` on `app`'s backend and returns the reply validated by `schema`. Callers hold an
 * app the operator was allowed (lib/dal takes an AppAccess); a disabled remote app is not called.
 */
export async function callOp<S extends z.ZodType>(
  app: ConsoleApp,
  op: string,
  payload: Record<string, unknown>,
  schema: S,
): Promise<z.output<S>> {
  if (app.kind === 'remote' && app.state !== 'enabled')
    throw new UpstreamError('app_disabled', currentRequestId() ?? randomUUID());
  try {
    return await (await clientFor(app))(op, payload, schema);
  } catch (e) {
    // An op the backend does not have (mesibo's cloud has no usersget): remembered per app,
    // so the console uses its own directory for it from now on.
    if (e instanceof OpError && e.error === 'BADOP' && app.kind === 'remote') {
      await (await appRegistry()).recordOp(app, op, false);
      app.ops = { ...app.ops, [op]: false };
    }
    throw e;
  }
}
