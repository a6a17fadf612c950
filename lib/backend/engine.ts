import { randomUUID } from 'node:crypto';
import { boundTo, inSavepoint } from '@/lib/db/bound';
import { noteBulkWrite } from '@/lib/db/statistics';
import type { Db, Queryable } from '@/lib/db/types';
import { type App, Apps, type BreachSettings } from './apps';
import { ERROR_STATUS, type ErrorCode, OpFailure } from './errors';
import { OP_NAMES, OPS } from './ops';
import type { OpContext, OpRequest, OpResult } from './ops/context';
import { membersByAddress } from './ops/groups';
import { usersByAddress, validateAccessToken } from './ops/users';
import { RateLimiter } from './rate-limit';
import { deriveKeys, type EngineKeys } from './secrets';

/**
 * The Backend API engine: one request object in, one response envelope out. No HTTP and
 * no Next.js here, so the HTTP front (server/backend-http.ts), the console (in-process)
 * and the tests all drive the same code.
 *
 * Checks run in the contract's order: body, app token (and breach), op, fields,
 * existence, permission. The first failure answers; a failed op changes nothing because
 * every op that writes runs in one transaction.
 */
export interface EngineLogger {
  error(obj: Record<string, unknown>, msg: string): void;
  info?(obj: Record<string, unknown>, msg: string): void;
}

export interface EngineOptions {
  db: Db;
  /** The server key (CONSOLE_SECRET_KEY): keys the hashes of secrets the engine keeps. */
  secretKey: string;
  breach: BreachSettings;
  /** Requests per second per app over HTTP; 0 = no limit. */
  rateLimit?: number;
  logger?: EngineLogger;
}

export type Envelope = Record<string, unknown> & { op: string; result: boolean };
export interface EngineReply {
  status: number;
  body: Envelope;
  /** `JSON.stringify(body)`, when the engine already has it (a cached listing page). */
  json?: string;
}

export interface CallOptions {
  /** The HTTP client's address; counted for token breach. In-process callers leave it out. */
  clientAddress?: string;
}

/**
 * The ops a bulk run takes: the writes an import or a bulk action makes. Not `usertoken`
 * (a token issued in bulk is a secret nobody receives, and it logs the user's device out),
 * nor sends, OTPs or reads.
 */
export const BULK_OPS: ReadonlySet<string> = new Set([
  'useradd',
  'userset',
  'userdel',
  'groupadd',
  'groupset',
  'groupdel',
  'groupeditmembers',
]);
const ALL_OPS: ReadonlySet<string> = new Set(OP_NAMES);
/** Rows per transaction in a bulk run: large enough to amortize the commit, small enough not to hold the writer long. */
const BULK_ROWS_PER_TRANSACTION = 500;

/**
 * Called once per row of a bulk run, in row order, inside the transaction that holds the
 * row's effect (`q`): what it writes commits or rolls back with the row. A throw aborts the
 * run and rolls back its current transaction (earlier ones stay committed).
 */
export type BulkRecorder = (q: Queryable, index: number, reply: Envelope) => Promise<void>;
export interface BulkOptions {
  /** Rows per transaction (default 500, at most 5,000). */
  rowsPerTransaction?: number;
}

/** Listing ops whose results depend only on the database and the request. */
const CACHEABLE = new Set(['usersget', 'users', 'groupsget', 'groupgetmembers', 'usergroupsget', 'messagesget']);
const CACHE_ENTRIES = 2000;

export class Engine {
  readonly apps: Apps;
  /**
   * Results of listing ops, valid while the database's read version is unchanged (any
   * committed write, from this process or another, changes it). Repeated reads of the
   * same page, a console refreshing or an app server polling, then cost no queries.
   */
  private readonly readCache = new Map<string, { version: number; result: OpResult }>();
  /**
   * The serialization of cached results that were read again: a page of 20 users is ~3 KB
   * of JSON, and stringifying it was the larger part of answering a repeated read.
   */
  private readonly resultJson = new WeakMap<OpResult, string>();
  readonly db: Db;
  private readonly limiter?: RateLimiter;
  private readonly logger?: EngineLogger;
  private readonly keys: EngineKeys;

  constructor(options: EngineOptions) {
    this.db = options.db;
    this.keys = deriveKeys(options.secretKey);
    this.apps = new Apps(options.db, options.breach);
    this.limiter = options.rateLimit ? new RateLimiter(options.rateLimit) : undefined;
    this.logger = options.logger;
  }

  /** Handles one parsed request (a JSON object). */
  async call(req: OpRequest, options: CallOptions = {}): Promise<EngineReply> {
    const op = typeof req.op === 'string' ? req.op : '';
    const id = Number.isSafeInteger(req.id) ? (req.id as number) : undefined;
    try {
      const app = await this.apps.authenticate(req.token);
      if (options.clientAddress !== undefined) {
        await this.apps.recordClient(app, options.clientAddress);
        if (this.limiter && !(await this.limiter.take(app.id))) {
          throw new OpFailure(
            'RATELIMITED',
            `This app sent more than ${this.limiter.perSecond} requests in one second.`,
            'Slow down and retry after a second.',
          );
        }
      }
      const fields = await this.run(app, op, req);
      return { status: 200, body: envelope(op, id, fields), json: this.envelopeJson(op, id, fields) };
    } catch (e) {
      return this.failure(op, id, e);
    }
  }

  /** The envelope's JSON from a cached result's serialization, in `envelope`'s key order. */
  private envelopeJson(op: string, id: number | undefined, fields: OpResult): string | undefined {
    const json = this.resultJson.get(fields);
    if (json === undefined) return undefined;
    const inner = json.length > 2 ? `,${json.slice(1, -1)}` : '';
    return `{"op":${JSON.stringify(op)},"result":true${inner}${id === undefined ? '' : `,"id":${id}`}}`;
  }

  /**
   * Runs an op for an app the caller has already established (the console's in-process
   * transport, command-line tools): no app token, no breach accounting.
   */
  async callAsApp(appId: number, req: OpRequest): Promise<EngineReply> {
    const op = typeof req.op === 'string' ? req.op : '';
    const id = Number.isSafeInteger(req.id) ? (req.id as number) : undefined;
    try {
      const app = await this.apps.find(appId);
      if (!app) throw new Error(`No app with id ${appId}`);
      return { status: 200, body: envelope(op, id, await this.run(app, op, req)) };
    } catch (e) {
      return this.failure(op, id, e);
    }
  }

  /**
   * Runs many write requests for one app, validated exactly as single calls are, and hands
   * each row's reply to `record` inside the same transaction as the row's effect: a crash
   * leaves a row either applied with its outcome written, or neither. See `BulkRun`.
   */
  async bulk(appId: number, requests: readonly OpRequest[], record: BulkRecorder, options: BulkOptions = {}) {
    const app = await this.apps.find(appId);
    if (!app) throw new Error(`No app with id ${appId}`);
    const size = Math.max(1, Math.min(options.rowsPerTransaction ?? BULK_ROWS_PER_TRANSACTION, 5_000));
    const counts = { ok: 0, failed: 0 };
    for (let start = 0; start < requests.length; start += size) {
      await noteBulkWrite(this.db, this.db, 'users', Math.min(size, requests.length - start));
      await this.db.tx(async (q) => {
        const db = boundTo(this.db, q);
        for (let i = start; i < Math.min(start + size, requests.length); i++) {
          const req = requests[i];
          const op = typeof req.op === 'string' ? req.op : '';
          const id = Number.isSafeInteger(req.id) ? (req.id as number) : undefined;
          const done = await inSavepoint(q, () => this.run(app, op, req, db, BULK_OPS));
          const reply = done.ok ? envelope(op, id, done.value) : this.failure(op, id, done.error).body;
          counts[reply.result ? 'ok' : 'failed']++;
          await record(q, i, reply);
        }
      });
    }
    return counts;
  }

  private async run(app: App, op: string, req: OpRequest, db = this.db, allowed: ReadonlySet<string> = ALL_OPS) {
    if (Object.hasOwn(OPS, op) && !allowed.has(op)) {
      throw new OpFailure(
        'BADOP',
        `The op "${op}" cannot run in bulk.`,
        `Bulk runs take one of: ${[...allowed].join(', ')}.`,
        ['op'],
      );
    }
    if (!Object.hasOwn(OPS, op)) {
      throw new OpFailure(
        'BADOP',
        op === '' ? 'The request has no "op".' : `Unknown op "${op.slice(0, 64)}".`,
        `Set "op" to one of: ${OP_NAMES.join(', ')}.`,
        ['op'],
      );
    }
    const ctx: OpContext = { db, app, now: Math.floor(Date.now() / 1000), keys: this.keys };
    if (CACHEABLE.has(op)) return this.cachedRead(ctx, op, req);
    const result = await OPS[op](ctx, req);
    if (op === 'stats') {
      const s = await this.apps.get(app.id);
      (result.stats as Record<string, unknown>).breach = {
        disabled: s ? s.state === 2 : false,
        addresses: s?.addresses ?? 0,
        limit: s?.limit ?? 0,
        windowHours: s?.windowHours ?? 0,
      };
    }
    return result;
  }

  private async cachedRead(ctx: OpContext, op: string, req: OpRequest): Promise<OpResult> {
    const version = await this.db.readVersion();
    if (version === undefined) return OPS[op](ctx, req);
    // Everything the op reads from the request (all but the token and the request id), so that
    // a field an extension adds keys the cache without being named here (`page` once was not).
    const { token: _token, id: _id, ...read } = req;
    const key = JSON.stringify([ctx.app.id, op, read]);
    const hit = this.readCache.get(key);
    if (hit && hit.version === version) {
      // Read twice: worth keeping its JSON (results listed once are never serialized here).
      if (!this.resultJson.has(hit.result)) this.resultJson.set(hit.result, JSON.stringify(hit.result));
      return hit.result;
    }
    const result = await OPS[op](ctx, req);
    if (this.readCache.size >= CACHE_ENTRIES) this.readCache.delete(this.readCache.keys().next().value as string);
    this.readCache.set(key, { version, result });
    return result;
  }

  private failure(op: string, id: number | undefined, e: unknown): EngineReply {
    if (e instanceof OpFailure) {
      return { status: 200, body: failureEnvelope(op, id, e) };
    }
    const requestId = randomUUID();
    this.logger?.error({ err: e, requestId, op }, 'backend op failed unexpectedly');
    return internalError(op, id, requestId);
  }

  /** The app's users of these exact addresses (uid, address, name, active, flags): an import's dry run. */
  async knownUsers(appId: number, addresses: readonly string[]) {
    return usersByAddress(this.db, appId, addresses);
  }

  /** Which of these addresses are members of group `gid`, with their send and receive permissions: an Import members dry run. */
  async knownMembers(appId: number, gid: number, addresses: readonly string[]) {
    return membersByAddress(this.db, appId, gid, addresses);
  }

  /** Validates a user's access token (as the real-time server would). */
  async validateAccessToken(appId: number, token: string) {
    const app = await this.apps.find(appId);
    if (!app) return null;
    return validateAccessToken({ db: this.db, app, now: Math.floor(Date.now() / 1000) }, token);
  }
}

function envelope(op: string, id: number | undefined, fields: Record<string, unknown>): Envelope {
  const body: Envelope = { op, result: true, ...fields };
  if (id !== undefined) body.id = id;
  return body;
}

export function failureEnvelope(op: string, id: number | undefined, f: OpFailure): Envelope {
  const body: Envelope = {
    op,
    result: false,
    error: f.error,
    code: f.code,
    cause: f.cause,
    action: f.action,
    properties: f.properties,
  };
  if (id !== undefined) body.id = id;
  return body;
}

/** An envelope for failures decided before or outside the engine (HTTP layer). */
export function transportFailure(error: ErrorCode, cause: string, action: string, op = '', id?: number): EngineReply {
  return { status: ERROR_STATUS[error], body: failureEnvelope(op, id, new OpFailure(error, cause, action)) };
}

export function internalError(op: string, id: number | undefined, requestId: string): EngineReply {
  return transportFailure(
    'INTERNAL',
    `An unexpected error occurred on the server (request id ${requestId}).`,
    'Retry later; if it persists, give the request id to the administrator.',
    op,
    id,
  );
}
