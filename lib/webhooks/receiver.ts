import 'server-only';
import { hash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import DataLoader from 'dataloader';
import {
  bodyHash,
  type DeliveryRecord,
  type PresenceInput,
  putPresence,
  type WebhookStore,
} from '@/lib/console/webhooks';
import { countMany, type Limiter } from '@/lib/db/shared-limiter';
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
 *
 * Deliveries that arrive in the same turn of the event loop are stored and applied together,
 * in one transaction of a few statements (DataLoader collects them): under mesibo's load of
 * thousands a second, per-delivery statements and round trips were what kept answers waiting.
 * Each is still answered only once its transaction committed.
 */
const HOOK_ID = /^[A-Za-z0-9_-]{20,64}$/;
const SECRET_SHOWN = '•••';
const KEPT_REFUSED_BODY = 8 * 1024;
/** Deliveries stored in one transaction at most. */
const MAX_BATCH = 256;

export function isWebhookPath(url: string | undefined): boolean {
  return !!url && url.startsWith(WEBHOOK_PREFIX);
}

export interface ReceiverOptions {
  store: WebhookStore;
  limiter: Limiter;
  /** For an app whose backend cannot list its users: keeps addresses it does not know, learned from a webhook. */
  learn(appId: number): Promise<((q: Queryable, addresses: string[]) => Promise<string[]>) | undefined>;
  onError(err: unknown, requestId: string): void;
  /** Told of every HTTP answer's status (metrics). */
  onAnswer?(status: number): void;
}

const same = (a: string, b: string) => {
  return timingSafeEqual(hash('sha256', a, 'buffer'), hash('sha256', b, 'buffer'));
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

/** A refused body as it is kept: cut short, no NUL (which PostgreSQL's text refuses), and the app's secret never in it. */
const scrub = (text: string, secret: string) =>
  text
    .slice(0, KEPT_REFUSED_BODY)
    .replaceAll('\u0000', '\ufffd')
    .split(secret)
    .join(SECRET_SHOWN)
    .split(encodeURIComponent(secret))
    .join(SECRET_SHOWN);

/**
 * The receiver: `receive` decides a delivery's answer (and stores and applies it); `handle`
 * serves it over HTTP. Send test delivery calls `receive` itself, the same path as mesibo's.
 */
export function createWebhookReceiver(o: ReceiverOptions) {
  // Both after this turn's I/O, so the requests that came with it join.
  const together = { cache: false, maxBatchSize: MAX_BATCH, batchScheduleFn: (run: () => void) => setImmediate(run) };
  const storing = new DataLoader<Arriving, boolean>((batch) => storeTogether(o, batch), together);
  const admitting = new DataLoader<number, boolean>((appIds) => admitTogether(o.limiter, appIds), together);

  async function receive(a: Arrival): Promise<Answer> {
    const url = new URL(a.url, 'http://receiver');
    const hookId = url.pathname.slice(WEBHOOK_PREFIX.length);
    if (!HOOK_ID.test(hookId)) return { status: 404, text: 'No such webhook.' };
    if (a.method !== 'POST' && a.method !== 'GET') return { status: 405, text: 'POST (or, for the legacy form, GET).' };
    const hook = await o.store.byHookId(hookId);
    if (!hook?.enabled) return { status: 404, text: 'No such webhook.' };
    if (!(await admitting.load(hook.appId))) return { status: 429, text: 'Too many deliveries.' };
    const now = Date.now();
    const test = a.test === true;
    // Kept whatever the answer: a refusal too is listed, with its reason (and the addresses it named).
    const keep = (status: number, reason: string, d: Delivery | undefined, body: string, hash?: string) =>
      storing.load({
        appId: hook.appId,
        ts: now,
        version: d?.version ?? 0,
        aid: d?.aid ?? '',
        types: [...new Set(d?.events.map((e) => e.type))],
        addresses: [...new Set(d?.events.flatMap((e) => (e.kind === 'presence' ? [e.address] : e.addresses)))],
        events: d?.events.length ?? 0,
        result: status === 200 ? 'accepted' : 'refused',
        reason,
        status,
        test,
        body,
        bodyHash: hash,
        presence: d?.events.flatMap((e) => (e.kind === 'presence' ? [e] : [])) ?? [],
      });
    const refuse = async (status: number, reason: string, d?: Delivery, raw = ''): Promise<Answer> => {
      await keep(status, reason, d, d ? d.kept : scrub(raw, hook.secret));
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
    await keep(200, '', d, d.kept, bodyHash(raw));
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
    o.onAnswer?.(answer.status);
    if (answer.status === 405) res.setHeader('allow', 'POST, GET');
    if (!res.headersSent)
      res
        .writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
        .end(`${answer.text}\n`);
  }

  return { receive, handle };
}

/** A delivery to store, with the presence it reports. */
type Arriving = DeliveryRecord & { presence: readonly PresenceInput[] };

/** Counts deliveries that arrived together against their apps' rate (on PostgreSQL, one round trip an app); answers which are within it. */
async function admitTogether(limiter: Limiter, appIds: readonly number[]): Promise<boolean[]> {
  const arrived = new Map<number, number>();
  for (const id of appIds) arrived.set(id, (arrived.get(id) ?? 0) + 1);
  const left = new Map(
    await Promise.all([...arrived].map(async ([id, n]) => [id, await countMany(limiter, `app:${id}`, n)] as const)),
  );
  return appIds.map((id) => {
    const n = left.get(id) ?? 0;
    left.set(id, n - 1);
    return n > 0;
  });
}

/** Stores deliveries that arrived together; answers for each whether it was stored, or the fault that stopped them. */
async function storeTogether(o: ReceiverOptions, batch: readonly Arriving[]): Promise<(boolean | Error)[]> {
  try {
    const apps = [...new Set(batch.flatMap((d) => (d.presence.length && !d.test ? [d.appId] : [])))];
    const learners = new Map(await Promise.all(apps.map(async (id) => [id, await o.learn(id)] as const)));
    return await o.store.record(batch, (q, appId, stored) =>
      applyDeliveries(
        q,
        appId,
        stored.map((d) => d.presence),
        learners.get(appId),
      ),
    );
  } catch (err) {
    const fault = err instanceof Error ? err : new Error(String(err));
    return batch.map(() => fault);
  }
}

/**
 * What accepted deliveries change, and which changed what: presence by event time (the newest
 * event of an address is the one that set it), and the addresses the directory learns, where
 * it learns (the first delivery naming one learned it).
 */
export async function applyDeliveries(
  q: Queryable,
  appId: number,
  deliveries: readonly (readonly PresenceInput[])[],
  learn?: (q: Queryable, addresses: string[]) => Promise<string[]>,
): Promise<unknown[][]> {
  const changes = deliveries.map((): unknown[] => []);
  const events = deliveries.flatMap((presence, i) => presence.map((e) => ({ ...e, i })));
  for (const p of await putPresence(q, appId, events)) changes[p.i].push({ presence: p.address, online: p.online });
  if (learn) {
    const firstNaming = new Map<string, number>();
    for (const e of events) if (!firstNaming.has(e.address)) firstNaming.set(e.address, e.i);
    for (const address of await learn(q, [...firstNaming.keys()].sort()))
      changes[firstNaming.get(address) ?? 0].push({ learned: address });
  }
  return changes;
}
