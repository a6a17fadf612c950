import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Engine, type EngineReply, internalError, transportFailure } from './engine';
import { flatToJson, isPlainObject, mergeRequests } from './flat';
import { OPS } from './ops';

/**
 * `/backend`, `/backend/`, `/mesiboapi`, `/mesiboapi/` and `/api.php` over plain node:http, in front of Next's request
 * handler (Next's pipeline would cost ~0.9 ms of CPU per call; this path costs a few µs).
 *
 * Accepts what real clients send (contract section 1): a JSON body; a form body or a
 * query string with flat names; or a mix, query and body merged with the body winning;
 * with GET, POST, PUT or DELETE. Every answer is the JSON envelope, never HTML.
 */
// `/mesiboapi` is where mesibo's own on-premise web-server configuration mounts the API.
export const BACKEND_PATHS = new Set(['/backend', '/backend/', '/mesiboapi', '/mesiboapi/', '/api.php']);
const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE']);
export const BODY_LIMIT = 1024 * 1024;
const DISCARD_LIMIT = 16 * 1024 * 1024;

export interface BackendHttpOptions {
  engine: Engine;
  /** Proxy hops to trust in X-Forwarded-For (0 = use the socket's address). */
  trustProxyHops: number;
  onError?: (err: unknown, requestId: string) => void;
  /**
   * Told of every answer: the op (`other` for one this server does not have, `none` before one
   * was read), `ok` or the error code, and the seconds from the request's arrival (metrics).
   */
  onAnswer?: (op: string, result: string, seconds: number) => void;
}

export function isBackendPath(url: string | undefined): boolean {
  if (!url) return false;
  const q = url.indexOf('?');
  return BACKEND_PATHS.has(q === -1 ? url : url.slice(0, q));
}

export function createBackendHandler(options: BackendHttpOptions) {
  return function handleBackend(req: IncomingMessage, res: ServerResponse): void {
    const arrived = performance.now();
    let op = 'none';
    const send = (r: ServerResponse, reply: EngineReply, headers?: Record<string, string>, close?: boolean) => {
      sendReply(r, reply, headers, close);
      options.onAnswer?.(
        op,
        reply.body.result ? 'ok' : String(reply.body.error ?? 'error'),
        (performance.now() - arrived) / 1000,
      );
    };
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const query = q === -1 ? '' : url.slice(q + 1);
    if (!METHODS.has(req.method ?? '')) {
      req.resume();
      send(
        res,
        transportFailure(
          'BADMETHOD',
          `HTTP method ${req.method} is not accepted here.`,
          'Send the request with POST (or GET, PUT, DELETE).',
        ),
        { Allow: 'GET, POST, PUT, DELETE' },
      );
      return;
    }
    readBody(req, (outcome, body) => {
      if (outcome === 'too-large' || outcome === 'closed') {
        const reply = transportFailure(
          'TOOLARGE',
          `The request body is larger than ${BODY_LIMIT} bytes.`,
          'Send a smaller request (split bulk member or recipient lists into several calls).',
        );
        send(res, reply, outcome === 'closed' ? { Connection: 'close' } : {}, outcome === 'closed');
        return;
      }
      if (outcome === 'aborted') return;
      let parsed: Record<string, unknown>;
      try {
        parsed = parseRequest(query, body ?? Buffer.alloc(0), req.headers['content-type']);
      } catch (e) {
        send(res, e instanceof BadBody ? badRequest(e.message) : badRequest('The request could not be read.'));
        return;
      }
      op = typeof parsed.op === 'string' && Object.hasOwn(OPS, parsed.op) ? parsed.op : 'other';
      options.engine
        .call(parsed, { clientAddress: clientAddress(req, options.trustProxyHops) })
        .then((reply) => send(res, reply))
        .catch((err) => {
          const requestId = crypto.randomUUID();
          options.onError?.(err, requestId);
          send(res, internalError(typeof parsed.op === 'string' ? parsed.op : '', undefined, requestId));
        });
    });
  };
}

class BadBody extends Error {}

function badRequest(cause: string): EngineReply {
  return transportFailure(
    'BADREQUEST',
    cause,
    'Send one JSON object (Content-Type: application/json), or flat form or query parameters.',
  );
}

/** Builds the JSON request from the query string and the body (the body wins). */
export function parseRequest(query: string, body: Buffer, contentType: string | undefined): Record<string, unknown> {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const text = body.toString('utf8');
  let json: Record<string, unknown> | undefined;
  let formPairs: [string, string][] = [];
  // Form bodies are flat parameters, except a JSON object sent with curl's default form type.
  const isForm = type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data';
  if (isForm && !/^\s*\{/.test(text)) {
    if (type === 'multipart/form-data') throw new BadBody('multipart/form-data bodies are not accepted.');
    formPairs = [...new URLSearchParams(text)];
  } else if (text.trim() !== '') {
    let value: unknown;
    if (nestingExceeds(text, MAX_DEPTH))
      throw new BadBody(`The request body nests objects or arrays more than ${MAX_DEPTH} levels deep.`);
    try {
      value = JSON.parse(text);
    } catch {
      throw new BadBody('The request body is not valid JSON.');
    }
    if (!isPlainObject(value))
      throw new BadBody('The request body must be a JSON object, like {"op": "...", "token": "..."}.');
    json = value;
  }
  const queryPairs = query ? [...new URLSearchParams(query)] : [];
  if (!json && queryPairs.length === 0 && formPairs.length === 0) return {};
  const flat = [...queryPairs, ...formPairs]; // later pairs win, so the body's do
  const opOf = (pairs: [string, string][]) => pairs.findLast(([k]) => k === 'op')?.[1];
  const op = typeof json?.op === 'string' ? json.op : (opOf(flat) ?? '');
  const fromFlat = flat.length ? flatToJson(flat, op) : {};
  return json ? mergeRequests(fromFlat, json) : fromFlat;
}

/**
 * No mesibo request nests deeper than a handful of levels. A body nested thousands deep
 * (it fits in 1 MiB) would exhaust the stack of whatever walks it next, so it is refused
 * before parsing, by a scan that only counts brackets outside strings.
 */
const MAX_DEPTH = 32;
export function nestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

type BodyOutcome = 'ok' | 'too-large' | 'closed' | 'aborted';

/** Reads the body up to the limit; past it, discards up to 16 MiB so the client sees the 413, then gives up. */
function readBody(req: IncomingMessage, done: (outcome: BodyOutcome, body?: Buffer) => void): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > DISCARD_LIMIT) {
    done('closed');
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (outcome: BodyOutcome, body?: Buffer) => {
    if (finished) return;
    finished = true;
    done(outcome, body);
  };
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > DISCARD_LIMIT) {
      req.removeAllListeners('data');
      req.pause();
      finish('closed');
    } else if (size <= BODY_LIMIT) chunks.push(chunk);
  });
  req.on('end', () =>
    finish(size > BODY_LIMIT ? 'too-large' : 'ok', Buffer.concat(chunks, Math.min(size, BODY_LIMIT))),
  );
  req.on('error', () => finish('aborted'));
  req.on('aborted', () => finish('aborted'));
}

function sendReply(res: ServerResponse, reply: EngineReply, headers: Record<string, string> = {}, close = false): void {
  if (res.headersSent || res.destroyed) return;
  const payload = reply.json ?? JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(payload, () => {
    if (close) res.socket?.destroy();
  });
}

/** The caller's address: the socket's, or the one the trusted proxy hops report. */
export function clientAddress(req: IncomingMessage, trustProxyHops: number): string {
  let address = req.socket.remoteAddress ?? '';
  if (trustProxyHops > 0) {
    const forwarded = String(req.headers['x-forwarded-for'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    // Each trusted proxy appends the address it saw; the entry `hops` from the end is the client's.
    const candidate = forwarded[forwarded.length - trustProxyHops];
    if (candidate) address = candidate;
  }
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
