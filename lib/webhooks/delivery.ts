import { z } from 'zod';
import { Address } from '@/lib/validations/common';

/**
 * A mesibo webhook delivery as received, read into what the console acts on (facts:
 * shared/spec/mesibo-cloud-and-webhooks.md §3): the JSON envelope of version 1 (with `secret`) or
 * 2 (without), several events per POST, `ts` in milliseconds; or the legacy form (POST body or
 * GET query) of `secret`, `uid`, `aid`, `from`, `to` and the bitmask `e` (0x10 online, 0x20
 * offline, 0x100 messages). A `user` event with `status` online or offline is presence; every
 * other event is kept as it came (their fields are not documented). Which form field names the
 * user of a legacy online/offline event is not documented either: `from` is taken, as the only
 * address a user event could carry there.
 *
 * Pure: no database, no secrets compared here. A body that is none of these, or whose fields
 * have the wrong types, is a refusal naming what is wrong (a 400).
 */
export const MAX_BODY_BYTES = 256 * 1024;
export const MAX_EVENTS = 1000;

export interface PresenceEvent {
  kind: 'presence';
  type: string;
  address: string;
  uid?: number;
  online: boolean;
  /** Epoch ms: the event's, else the envelope's, else the arrival's. */
  ts: number;
}
export interface OtherEvent {
  kind: 'other';
  type: string;
  /** The addresses it names, for the list's filter (from, to, user). */
  addresses: string[];
  ts: number;
}
export type WebhookEvent = PresenceEvent | OtherEvent;

export interface Delivery {
  /** 1 or 2 (the JSON envelope), 0 (the legacy form). */
  version: 0 | 1 | 2;
  aid: string;
  secret?: string;
  events: WebhookEvent[];
  /** The body as it will be kept: the secret replaced by •••. */
  kept: string;
}
export type Read = { delivery: Delivery } | { refused: string };

const SECRET_SHOWN = '•••';
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Text the list shows and filters by (a type, an app id): no control characters, which also keeps NUL out of PostgreSQL. */
const Shown = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !CONTROL.test(s), { error: 'Control characters are not allowed here.' });
const Ts = z.number().int().nonnegative().max(1e15);
const Aid = z.union([z.number().int().nonnegative(), Shown(64)]).transform(String);

const UserEvent = z.object({
  type: z.literal('user'),
  user: z.object({ uid: z.number().int().nonnegative().optional(), address: Address }),
  status: z.string().max(64).optional(),
  ts: Ts.optional(),
});
const AnyEvent = z.looseObject({ type: Shown(64).min(1), ts: Ts.optional() });
const Envelope = z.looseObject({
  v: z.union([z.literal(1), z.literal(2)], { error: 'v must be 1 or 2.' }),
  aid: Aid.optional(),
  ts: Ts.optional(),
  secret: z.string().max(1024).optional(),
  events: z.array(z.unknown()).max(MAX_EVENTS, { error: `At most ${MAX_EVENTS} events a delivery.` }),
});

/** Addresses an undocumented event names (from, to, user.address), for the list's filter: those that can be addresses. */
function addressesOf(event: Record<string, unknown>): string[] {
  const user = event.user as { address?: unknown } | undefined;
  const named = [event.from, event.to, event.address, user?.address];
  return [...new Set(named.filter((v): v is string => Address.safeParse(v).success))];
}

const issueText = (e: z.ZodError, at: string) => {
  const i = e.issues[0];
  const path = [at, ...i.path.map(String)].filter(Boolean).join('.');
  return `${path ? `${path}: ` : ''}${i.message}`;
};

function readJson(text: string, now: number): Read {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { refused: 'The body is not JSON (nor the legacy form).' };
  }
  const envelope = Envelope.safeParse(body);
  if (!envelope.success) return { refused: issueText(envelope.error, '') };
  const e = envelope.data;
  const events: WebhookEvent[] = [];
  for (const [i, raw] of e.events.entries()) {
    // One parse per event (this runs for every event mesibo sends): a user event by its own schema.
    const isUser = typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'user';
    if (isUser) {
      const user = UserEvent.safeParse(raw);
      if (!user.success) return { refused: issueText(user.error, `events.${i}`) };
      const { status, ts = e.ts ?? now } = user.data;
      if (status === 'online' || status === 'offline') {
        const { address, uid } = user.data.user;
        events.push({ kind: 'presence', type: 'user', address, uid, online: status === 'online', ts });
        continue;
      }
    }
    const any = AnyEvent.safeParse(raw);
    if (!any.success) return { refused: issueText(any.error, `events.${i}`) };
    events.push({
      kind: 'other',
      type: any.data.type,
      addresses: addressesOf(any.data),
      ts: any.data.ts ?? e.ts ?? now,
    });
  }
  const kept = e.secret === undefined ? text : JSON.stringify({ ...(body as object), secret: SECRET_SHOWN });
  return { delivery: { version: e.v, aid: e.aid ?? '', secret: e.secret, events, kept } };
}

const LEGACY_FIELDS = ['secret', 'uid', 'aid', 'from', 'to', 'e'] as const;
const Legacy = z.object({
  secret: z.string().max(1024).optional(),
  uid: z
    .string()
    .regex(/^\d{0,15}$/, { error: 'uid must be a number.' })
    .optional(),
  aid: Shown(64).optional(),
  from: Address.optional(),
  to: Address.optional(),
  e: z.string().regex(/^(0x[0-9a-fA-F]{1,8}|\d{1,10})$/, { error: 'e must be a number (a bitmask).' }),
});

function readLegacy(params: URLSearchParams, now: number): Read {
  const given = Object.fromEntries(LEGACY_FIELDS.flatMap((k) => (params.has(k) ? [[k, params.get(k) ?? '']] : [])));
  const form = Legacy.safeParse(given);
  if (!form.success) return { refused: issueText(form.error, '') };
  const f = form.data;
  const e = Number(f.e);
  const events: WebhookEvent[] = [];
  const uid = f.uid ? Number(f.uid) : undefined;
  for (const [bit, online] of [
    [0x10, true],
    [0x20, false],
  ] as const) {
    if (!(e & bit)) continue;
    if (!f.from) return { refused: 'from: an online or offline event names its user in from.' };
    events.push({ kind: 'presence', type: 'user', address: f.from, uid, online, ts: now });
  }
  if (e & 0x100)
    events.push({ kind: 'other', type: 'message', addresses: [f.from, f.to].filter((a): a is string => !!a), ts: now });
  if (e & ~0x130) events.push({ kind: 'other', type: `legacy 0x${(e & ~0x130).toString(16)}`, addresses: [], ts: now });
  const all = Object.fromEntries(params);
  const kept = JSON.stringify({ ...all, ...(f.secret === undefined ? {} : { secret: SECRET_SHOWN }) });
  return { delivery: { version: 0, aid: f.aid ?? '', secret: f.secret, events, kept } };
}

/**
 * Reads a delivery: a GET's query (the legacy form), or a POST's body: JSON when it starts with
 * `{`, else the legacy form (application/x-www-form-urlencoded). `body` is at most
 * MAX_BODY_BYTES (the receiver refuses a larger one before reading it all).
 */
export function readDelivery(method: string, query: URLSearchParams, body: Buffer, now: number): Read {
  if (method === 'GET') return readLegacy(query, now);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return { refused: 'The body is not UTF-8 text.' };
  }
  if (text.trimStart().startsWith('{')) return readJson(text, now);
  if (text.trim() === '') return query.has('e') ? readLegacy(query, now) : { refused: 'The body is empty.' };
  const params = new URLSearchParams(text);
  if (!params.has('e')) return { refused: 'The body is not JSON (nor the legacy form: no e).' };
  return readLegacy(params, now);
}
