import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { z } from 'zod';
import type { ConsoleApp } from '@/lib/console/apps';
import { env } from '@/lib/env';
import { appRegistry, tokenBox } from '@/lib/server/apps';
import { bundledBackend } from '@/lib/server/backend';
import { log } from '@/lib/server/log';
import { currentRequestId } from '@/lib/server/request-context';
import { Envelope, FailureEnvelope } from './contract';
import { OpError, UpstreamError } from './errors';
import { guardedLookup, ipLiteralOf, isRefusedAddress, REFUSED_ADDRESS_CODE } from './remote-address';
import { parseReply } from './reply-parser';

/**
 * The one place the console calls a mesibo Backend API, and the only reader of app tokens.
 * Each app the console knows is a target: a bundled app is called in-process (no token: the
 * engine runs the op as that app, and no client address counts toward token breach); a
 * remote app by an HTTP POST to its URL with its token, with no redirects followed.
 *
 * A remote call has one deadline (`timeoutMs`), retry included; its reply may hold at most
 * `maxReplyBytes` (reading stops there: "too large"), is parsed off the main thread when large,
 * and a list keeps no more rows than were asked for. It never connects to a link-local or
 * unspecified address (remote-address.ts), checked on the address actually connected to.
 *
 * Replies are zod-validated; `result:false` becomes an OpError with the envelope's fields.
 * Anything else (timeout, network, 5xx, not JSON) becomes an UpstreamError whose message
 * is ours, never the upstream's text. Only reads are retried (once, on a network error,
 * within the same deadline): an op that creates something may have been applied although
 * its answer was lost. After five upstream failures in a row, calls to that backend fail
 * fast for ten seconds.
 */
const READ_OPS = new Set(['usersget', 'groupsget', 'groupgetmembers', 'messagesget', 'stats']);
const BREAKER_THRESHOLD = 5;
const BREAKER_OPEN_MS = 10_000;

/** How long a call may take in all, and how large a remote reply may be. */
export type CallLimits = { timeoutMs: number; maxReplyBytes: number };
export const limitsFromEnv = (): CallLimits => ({
  timeoutMs: env().MESIBO_API_TIMEOUT_MS,
  maxReplyBytes: env().REMOTE_MAX_RESPONSE_BYTES,
});

type Transport = (request: Record<string, unknown>, deadline: number) => Promise<unknown>;

export type BackendTarget = { kind: 'bundled'; engineAppId: number } | { kind: 'remote'; url: string; token: string };

const bundled =
  (engineAppId: number): Transport =>
  async (request) => {
    const { engine } = await bundledBackend();
    return (await engine.callAsApp(engineAppId, request)).body;
  };

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/** The raw reply of one POST: its status and body, read up to `maxBytes`. */
function post(url: URL, body: string, deadline: number, maxBytes: number, requestId: string) {
  return new Promise<{ status: number; bytes: Buffer }>((resolve, reject) => {
    const literal = ipLiteralOf(url.hostname);
    if (literal && isRefusedAddress(literal)) return reject(new UpstreamError('refused_address', requestId));
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(new UpstreamError('timeout', requestId));
    let done = false;
    const settle = (outcome: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      outcome();
    };
    const fail = (kind: UpstreamError['kind'], status?: number) =>
      settle(() => {
        req.destroy();
        reject(new UpstreamError(kind, requestId, status));
      });
    const protocol = url.protocol === 'https:' ? https : http;
    const req = protocol.request(
      url,
      {
        method: 'POST',
        agent: agents[url.protocol as keyof typeof agents],
        lookup: guardedLookup,
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (Number(res.headers['content-length']) > maxBytes) return fail('too_large', status);
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) fail('too_large', status);
          else chunks.push(chunk);
        });
        res.on('end', () => settle(() => resolve({ status, bytes: Buffer.concat(chunks, size) })));
        res.on('error', () => fail('unreachable'));
        res.on('aborted', () => fail('unreachable'));
      },
    );
    const timer = setTimeout(() => fail('timeout'), remaining);
    req.on('error', (e: NodeJS.ErrnoException) =>
      fail(e.code === REFUSED_ADDRESS_CODE ? 'refused_address' : 'unreachable'),
    );
    req.end(body);
  });
}

function remote(url: string, token: string | undefined, maxBytes: number, requestId: string): Transport {
  const parsed = new URL(url);
  return async (request, deadline) => {
    const { status, bytes } = await post(parsed, JSON.stringify({ ...request, token }), deadline, maxBytes, requestId);
    const count = typeof request.count === 'number' ? request.count : undefined;
    try {
      return await parseReply(bytes, count);
    } catch {
      throw new UpstreamError(status >= 200 && status < 300 ? 'bad_response' : 'http_status', requestId, status);
    }
  };
}

/** A client for one backend, with its own circuit breaker. */
export function createClient(target: BackendTarget, limits: CallLimits) {
  const breaker = { failures: 0, openUntil: 0 };
  return async function call<S extends z.ZodType>(
    op: string,
    payload: Record<string, unknown>,
    schema: S,
  ): Promise<z.output<S>> {
    // The id of the request this call serves (an action, a page load), so log lines match it.
    const requestId = currentRequestId() ?? randomUUID();
    const started = Date.now();
    const deadline = started + limits.timeoutMs;
    if (target.kind === 'remote' && breaker.openUntil > started) throw new UpstreamError('circuit_open', requestId);
    const transport =
      target.kind === 'remote'
        ? remote(target.url, target.token, limits.maxReplyBytes, requestId)
        : bundled(target.engineAppId);
    const request = { op, ...payload };
    try {
      let reply: unknown;
      try {
        reply = await transport(request, deadline);
      } catch (e) {
        if (!(e instanceof UpstreamError && e.kind === 'unreachable' && READ_OPS.has(op))) throw e;
        reply = await transport(request, deadline);
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

/** What calls go to for `app`: its engine app, or its URL and (unsealed) token; never a disabled remote app. */
export async function targetOf(app: ConsoleApp): Promise<BackendTarget> {
  // Every call and every probe starts here: a disabled remote app is never called.
  if (app.kind === 'remote' && app.state !== 'enabled')
    throw new UpstreamError('app_disabled', currentRequestId() ?? randomUUID());
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
  const client = cached?.key === key ? cached.client : createClient(target, limitsFromEnv());
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
