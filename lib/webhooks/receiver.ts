import 'server-only';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bodyHash, putPresence, type WebhookStore } from '@/lib/console/webhooks';
import { countOne, type Limiter } from '@/lib/db/shared-limiter';
import type { Queryable } from '@/lib/db/types';
import { WEBHOOK_PREFIX } from '@/lib/domain/app-paths';
import { type Delivery, MAX_BODY_BYTES, readDelivery } from './delivery';

/**
 * The receiver of mesibo's webhooks, `/webhooks/mesibo/<id>`: served by server.ts beside
 * /backend, outside the console's session checks (mesibo sends no cookie), never redirected to
 * sign-in, its query strings never logged (a legacy GET carries the secret). Every accepted
 * delivery is answered 200 `MESIBO OK`; a refusal changes nothing and says why in its status:
 * 404 (no such URL, or turned off), 401 (the secret), 403 (another mesibo app id), 400 (the body),
 * 429 (over the app's rate, counted before the body is read). Refusals of a known app are listed
 * with their reason; what it receives is stored once, whichever instance gets it.
 */
const HOOK_ID = /^[A-Za-z0-9_-]{20,64}$/;
const SECRET_SHOWN = '•••';
const KEPT_REFUSED_BODY = 8 * 1024;

export function isWebhookPath(url: string | undefined): boolean {
  return !!url && url.startsWith(WEBHOOK_PREFIX);
}

export interface ReceiverOptions {
  store: WebhookStore;
  limiter: Limiter;
  /** For an app whose backend cannot list its users: keeps addresses it does not know, learned from a webhook. */
  learn(appId: number): Promise<((q: Queryable, addresses: string[]) => Promise<string[]>) | undefined>;
  onError(err: unknown, requestId: string): void;
}

const same = (a: string, b: string) => {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
};

/** A delivery as it arrived, whatever carried it (an HTTP request, or Send test delivery). */
export interface Arrival {
  method: string;
  /** The path and query. */
  url: string;
  /** Reads the body (only once the delivery passed the URL and rate checks): undefined when larger than MAX_BODY_BYTES. */
  body: () => Promise<Buffer | undefined>;
  /** Send test delivery: listed, marked as a test, changes no user. */
  test?: boolean;
}
export interface Answer {
  status: number;
  text: string;
}

/** The body, up to the limit; undefined when it is larger (the rest is not read). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A refused body as it is kept: cut short, and the app's secret never in it. */
const scrub = (text: string, secret: string) =>
  text
    .slice(0, KEPT_REFUSED_BODY)
    .split(secret)
    .join(SECRET_SHOWN)
    .split(encodeURIComponent(secret))
    .join(SECRET_SHOWN);

/**
 * The receiver: `receive` decides a delivery's answer (and stores and applies it); `handle`
 * serves it over HTTP. Send test delivery calls `receive` itself, the same path as mesibo's.
 */
export function createWebhookReceiver(o: ReceiverOptions) {
  async function receive(a: Arrival): Promise<Answer> {
    const url = new URL(a.url, 'http://receiver');
    const hookId = url.pathname.slice(WEBHOOK_PREFIX.length);
    if (!HOOK_ID.test(hookId)) return { status: 404, text: 'No such webhook.' };
    if (a.method !== 'POST' && a.method !== 'GET') return { status: 405, text: 'POST (or, for the legacy form, GET).' };
    const hook = await o.store.byHookId(hookId);
    if (!hook?.enabled) return { status: 404, text: 'No such webhook.' };
    if ((await countOne(o.limiter, `app:${hook.appId}`)) > 0) return { status: 429, text: 'Too many deliveries.' };
    const now = Date.now();
    const test = a.test === true;
    const refuse = async (status: number, reason: string, d?: Delivery, raw = ''): Promise<Answer> => {
      await o.store.record({
        appId: hook.appId,
        ts: now,
        version: d?.version ?? 0,
        aid: d?.aid ?? '',
        types: [...new Set(d?.events.map((e) => e.type) ?? [])],
        addresses: [],
        events: d?.events.length ?? 0,
        result: 'refused',
        reason,
        status,
        test,
        body: d ? d.kept : scrub(raw, hook.secret),
        changes: [],
      });
      return { status, text: reason };
    };
    const body = a.method === 'GET' ? Buffer.alloc(0) : await a.body();
    if (!body) return refuse(400, `The body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
    const read = readDelivery(a.method, url.searchParams, body, now);
    const raw = a.method === 'GET' ? url.search : body.toString('utf8');
    if ('refused' in read) return refuse(400, read.refused, undefined, raw);
    const d = read.delivery;
    if (d.version === 2 && hook.versions === '1')
      return refuse(401, 'Version 2 is not accepted here (Version 1 only: the secret is required).', d);
    if (d.version !== 2 && (d.secret === undefined || !same(d.secret, hook.secret)))
      return refuse(401, d.secret === undefined ? 'The secret is missing.' : 'The secret is wrong.', d);
    if (hook.mesiboAid && d.aid !== hook.mesiboAid)
      return refuse(403, `This webhook is for mesibo app ${hook.mesiboAid}, not ${d.aid || 'an unnamed one'}.`, d);
    const presence = d.events.flatMap((e) => (e.kind === 'presence' ? [e] : []));
    const learn = presence.length && !test ? await o.learn(hook.appId) : undefined;
    await o.store.record(
      {
        appId: hook.appId,
        ts: now,
        version: d.version,
        aid: d.aid,
        types: [...new Set(d.events.map((e) => e.type))],
        addresses: [...new Set(d.events.flatMap((e) => (e.kind === 'presence' ? [e.address] : e.addresses)))],
        events: d.events.length,
        result: 'accepted',
        reason: '',
        status: 200,
        test,
        body: d.kept,
        bodyHash: bodyHash(raw),
        changes: [],
      },
      (q) => applyDelivery(q, hook.appId, presence, learn),
    );
    return { status: 200, text: 'MESIBO OK' };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const requestId = randomUUID();
    let answer: Answer;
    try {
      answer = await receive({ method: req.method ?? '', url: req.url ?? '/', body: () => readBody(req) });
      req.resume(); // a body not read (a refusal before it): drained, so the connection can be reused
    } catch (err) {
      o.onError(err, requestId);
      answer = { status: 503, text: `The delivery could not be stored; send it again (request id ${requestId}).` };
    }
    if (answer.status === 405) res.setHeader('allow', 'POST, GET');
    if (!res.headersSent)
      res
        .writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
        .end(`${answer.text}\n`);
  }

  return { receive, handle };
}

/** What an accepted delivery changes: presence by event time, and addresses the directory learns (where it learns). */
export async function applyDelivery(
  q: Queryable,
  appId: number,
  presence: readonly { address: string; online: boolean; ts: number }[],
  learn?: (q: Queryable, addresses: string[]) => Promise<string[]>,
): Promise<unknown[]> {
  const changes: unknown[] = (await putPresence(q, appId, presence)).map((p) => ({
    presence: p.address,
    online: p.online,
  }));
  if (learn)
    for (const address of await learn(q, [...new Set(presence.map((e) => e.address))]))
      changes.push({ learned: address });
  return changes;
}
