import 'server-only';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { z } from 'zod';
import { Envelope, FailureEnvelope } from './contract';
import { OpError, UpstreamError } from './errors';
import { guardedLookup, ipLiteralOf, isRefusedAddress, REFUSED_ADDRESS_CODE } from './remote-address';
import { parseReply } from './reply-parser';

/**
 * A client of one mesibo Backend API, self-contained: what it needs (where the backend is,
 * the token, a logger, the request id of the work in progress) is handed to it, so it knows
 * nothing of the console's apps, the engine or the environment (lib/server/app-backends.ts
 * builds one per app). A target is in-process (the bundled engine, called as an app: no
 * token) or remote: an HTTP POST to its URL with its token, with no redirects followed.
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
const READ_OPS = new Set(['usersget', 'groupsget', 'groupgetmembers', 'usergroupsget', 'messagesget', 'stats']);
const BREAKER_THRESHOLD = 5;
const BREAKER_OPEN_MS = 10_000;

/** How long a call may take in all, how large a remote reply may be, and what to log with and as. */
export interface ClientOptions {
  timeoutMs: number;
  maxReplyBytes: number;
  log?: ClientLogger;
  /** The request id of the work in progress (an action, a page load), so log lines match it. */
  requestId?: () => string | undefined;
  /** Each call's outcome: answered (a refusal is an answer) or not, and how long it took. */
  onOutcome?: (outcome: { answered: boolean; ms: number; kind?: string }) => void;
}
export interface ClientLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}
const quiet: ClientLogger = { debug: () => {}, info: () => {}, warn: () => {} };

type Transport = (request: Record<string, unknown>, deadline: number) => Promise<unknown>;

/** Where calls go: the bundled engine in-process (its reply body as is), or a remote URL with its token. */
export type BackendTarget =
  | { kind: 'in-process'; call: (request: Record<string, unknown>) => Promise<unknown> }
  | { kind: 'remote'; url: string; token: string };

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
export function createClient(target: BackendTarget, options: ClientOptions) {
  const breaker = { failures: 0, openUntil: 0 };
  const log = options.log ?? quiet;
  return async function call<S extends z.ZodType>(
    op: string,
    payload: Record<string, unknown>,
    schema: S,
  ): Promise<z.output<S>> {
    // The id of the request this call serves (an action, a page load), so log lines match it.
    const requestId = options.requestId?.() ?? randomUUID();
    const started = Date.now();
    const deadline = started + options.timeoutMs;
    if (target.kind === 'remote' && breaker.openUntil > started) throw new UpstreamError('circuit_open', requestId);
    const transport =
      target.kind === 'remote'
        ? remote(target.url, target.token, options.maxReplyBytes, requestId)
        : (request: Record<string, unknown>) => target.call(request);
    const request = { op, ...payload };
    let answered = false;
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
      answered = true;
      options.onOutcome?.({ answered, ms: Date.now() - started });
      if (!envelope.data.result) {
        const f = FailureEnvelope.parse(reply);
        log.info({ requestId, op, error: f.error, ms: Date.now() - started }, 'backend call refused');
        throw new OpError(op, f.error, f.code, f.cause, f.action, f.properties);
      }
      const data = schema.safeParse(reply);
      if (!data.success) throw new UpstreamError('bad_response', requestId);
      // What was called and how long it took; never the request or the reply (addresses, tokens).
      log.debug({ requestId, op, ms: Date.now() - started }, 'backend call');
      return data.data;
    } catch (e) {
      if (e instanceof UpstreamError) {
        if (++breaker.failures >= BREAKER_THRESHOLD) breaker.openUntil = Date.now() + BREAKER_OPEN_MS;
        if (!answered) options.onOutcome?.({ answered, ms: Date.now() - started, kind: e.kind });
        log.warn({ requestId, op, kind: e.kind, status: e.status, ms: Date.now() - started }, 'backend call failed');
      }
      throw e;
    }
  };
}

export type Client = ReturnType<typeof createClient>;
