import 'server-only';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { env } from '@/lib/env';
import { bundledBackend } from '@/lib/server/backend';
import { log } from '@/lib/server/log';
import { currentRequestId } from '@/lib/server/request-context';
import { Envelope, FailureEnvelope } from './contract';
import { OpError, UpstreamError } from './errors';

/**
 * The one place the console calls a mesibo Backend API, and the only reader of the app
 * token. By default the call goes in-process to the bundled engine (no token needed: the
 * engine runs it as the default app, and no client address counts toward token breach).
 * With MESIBO_API_URL it is an HTTP POST to that backend, with a timeout.
 *
 * Replies are zod-validated; `result:false` becomes an OpError with the envelope's fields.
 * Anything else (timeout, network, 5xx, not JSON) becomes an UpstreamError whose message
 * is ours, never the upstream's text. Only reads are retried (once, on a network error):
 * an op that creates something may have been applied although its answer was lost.
 * After five upstream failures in a row, calls fail fast for ten seconds.
 */
const READ_OPS = new Set(['usersget', 'groupsget', 'groupgetmembers', 'messagesget', 'stats']);
const BREAKER_THRESHOLD = 5;
const BREAKER_OPEN_MS = 10_000;

type Transport = (request: Record<string, unknown>) => Promise<unknown>;

export function backendTarget(): { kind: 'bundled' } | { kind: 'remote'; url: string } {
  const url = env().MESIBO_API_URL;
  return url ? { kind: 'remote', url } : { kind: 'bundled' };
}

const bundled: Transport = async (request) => {
  const { engine, defaultAppId } = await bundledBackend();
  return (await engine.callAsApp(defaultAppId, request)).body;
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

export interface ClientOptions {
  /** Unset: the bundled backend, in-process. */
  url?: string;
  token?: string;
  timeoutMs: number;
}

/** A client for one backend; `callOp` below is the one configured from the environment. */
export function createClient(options: ClientOptions) {
  const breaker = { failures: 0, openUntil: 0 };
  return async function call<S extends z.ZodType>(
    op: string,
    payload: Record<string, unknown>,
    schema: S,
  ): Promise<z.output<S>> {
    // The id of the request this call serves (an action, a page load), so log lines match it.
    const requestId = currentRequestId() ?? randomUUID();
    const started = Date.now();
    if (options.url && breaker.openUntil > started) throw new UpstreamError('circuit_open', requestId);
    const transport = options.url ? remote(options.url, options.token, options.timeoutMs, requestId) : bundled;
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

let configured: ReturnType<typeof createClient> | undefined;

/** Calls `op` on the configured backend and returns the reply validated by `schema`. */
export function callOp<S extends z.ZodType>(
  op: string,
  payload: Record<string, unknown>,
  schema: S,
): Promise<z.output<S>> {
  if (!configured) {
    const e = env();
    configured = createClient({ url: e.MESIBO_API_URL, token: e.MESIBO_APP_TOKEN, timeoutMs: e.MESIBO_API_TIMEOUT_MS });
  }
  return configured(op, payload, schema);
}
