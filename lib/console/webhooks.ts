import 'server-only';
import { hash, randomBytes } from 'node:crypto';
import { likeLiteral } from '@/lib/db/pattern';
import type { Db, Queryable } from '@/lib/db/types';
import type { SecretBox } from './secret-box';

/**
 * An app's webhook receiver and what it received: the settings (the URL's id and the version 1
 * secret, both sealed under the server key; the id is found by its SHA-256), the deliveries
 * (each body stored once: one received again within 24 hours is a duplicate, whichever instance
 * gets it), and the presence they report (an older event never overwrites a newer one).
 */
export interface WebhookSettings {
  appId: number;
  enabled: boolean;
  /** The envelope versions accepted: version 1 only (the secret on every delivery), or 1 and 2. */
  versions: '1' | '1,2';
  /** When set, a delivery of another mesibo app id is refused. */
  mesiboAid: string;
  lastDeliveryTs: number;
}
/** A delivery as the inspector lists it. */
export interface DeliveryRow {
  id: number;
  ts: number;
  version: number;
  types: string[];
  addresses: string[];
  events: number;
  result: 'accepted' | 'refused';
  reason: string;
  status: number;
  test: boolean;
}
/** A delivery as the receiver stores it. */
export interface DeliveryRecord extends Omit<DeliveryRow, 'id'> {
  appId: number;
  aid: string;
  body: string;
  /** Set for an accepted delivery: the key of "stored once". */
  bodyHash?: string;
}
export interface DeliveryFilter {
  address?: string;
  type?: string;
  result?: 'accepted' | 'refused';
}

const DUPLICATE_MS = 24 * 60 * 60 * 1000;
/** Presence rows per statement: 4 parameters each. */
const PRESENCE_PER_INSERT = 250;
type DeliveryDbRow = {
  id: number;
  ts: number;
  version: number;
  types: string;
  addresses: string;
  events: number;
  result: string;
  reason: string;
  status: number;
  test: number;
};
const DELIVERY_COLUMNS = 'id, ts, version, types, addresses, events, result, reason, status, test';
const deliveryOf = (r: DeliveryDbRow): DeliveryRow => ({
  id: Number(r.id),
  ts: Number(r.ts),
  version: Number(r.version),
  types: r.types.split(' ').filter(Boolean),
  addresses: r.addresses.split('\n').filter(Boolean),
  events: Number(r.events),
  result: r.result === 'accepted' ? 'accepted' : 'refused',
  reason: r.reason,
  status: Number(r.status),
  test: Number(r.test) === 1,
});

const sha256 = (s: string | Buffer) => hash('sha256', s);
/** The URL's id: 160 random bits, URL-safe. */
const newHookId = () => randomBytes(20).toString('base64url');
const newSecret = () => randomBytes(24).toString('base64url');
const context = (appId: number, what: 'hook' | 'secret') => `webhook ${what} of app ${appId}`;

type Row = {
  app_id: number;
  enabled: number;
  versions: string;
  mesibo_aid: string;
  last_delivery_ts?: number;
  hook_sealed: string;
  secret_sealed: string;
};
const hookOf = (r: Row): Omit<WebhookSettings, 'lastDeliveryTs'> => ({
  appId: Number(r.app_id),
  enabled: Number(r.enabled) === 1,
  versions: r.versions === '1' ? '1' : '1,2',
  mesiboAid: r.mesibo_aid,
});
const settingsOf = (r: Row): WebhookSettings => ({ ...hookOf(r), lastDeliveryTs: Number(r.last_delivery_ts ?? 0) });
/** What the receiver reads for every delivery. */
const HOOK_COLUMNS = 'app_id, enabled, versions, mesibo_aid, hook_sealed, secret_sealed';
// The last delivery's time is its row's, found by the (app_id, result, id) index: a column the
// receiver kept up to date was one row every delivery of an app waited on, one commit after another.
const COLUMNS = `${HOOK_COLUMNS}, COALESCE((SELECT d.ts FROM webhook_deliveries d
  WHERE d.app_id = webhooks.app_id AND d.result = 'accepted' ORDER BY d.id DESC LIMIT 1), 0) AS last_delivery_ts`;

export class WebhookStore {
  private readonly opened = new Map<string, string>();
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  /** The app's settings, or undefined when its Webhooks page was never opened (nothing made). */
  async peek(appId: number): Promise<WebhookSettings | undefined> {
    const row = await this.db.get<Row>(`SELECT ${COLUMNS} FROM webhooks WHERE app_id = ?`, [appId]);
    return row && settingsOf(row);
  }

  /** The app's settings, made on first ask (off, with a new URL id and secret). */
  async settings(appId: number): Promise<WebhookSettings & { hookId: string; secret: string }> {
    let row = await this.db.get<Row>(`SELECT ${COLUMNS} FROM webhooks WHERE app_id = ?`, [appId]);
    if (!row) {
      const t = Date.now();
      await this.db.run(
        `INSERT INTO webhooks (app_id, hook_hash, hook_sealed, secret_sealed, created_ts, changed_ts)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (app_id) DO NOTHING`,
        [appId, ...this.sealedHook(appId, newHookId()), this.box.seal(newSecret(), context(appId, 'secret')), t, t],
      );
      row = await this.db.get<Row>(`SELECT ${COLUMNS} FROM webhooks WHERE app_id = ?`, [appId]);
      if (!row) throw new Error(`webhook settings of app ${appId} were not made`);
    }
    return {
      ...settingsOf(row),
      hookId: this.box.open(row.hook_sealed, context(appId, 'hook')),
      secret: this.box.open(row.secret_sealed, context(appId, 'secret')),
    };
  }

  private sealedHook(appId: number, hookId: string): [string, string] {
    return [sha256(hookId), this.box.seal(hookId, context(appId, 'hook'))];
  }

  /**
   * The receiver's lookup: the app a URL id belongs to, with what checking a delivery needs.
   * Read from the database every time (a new URL or Turn off takes effect at once, on every
   * instance); only the opened secret is kept, by its sealed form (New secret changes that).
   */
  async byHookId(hookId: string): Promise<(Omit<WebhookSettings, 'lastDeliveryTs'> & { secret: string }) | undefined> {
    const row = await this.db.get<Row>(`SELECT ${HOOK_COLUMNS} FROM webhooks WHERE hook_hash = ?`, [sha256(hookId)]);
    if (!row) return undefined;
    let secret = this.opened.get(row.secret_sealed);
    if (secret === undefined) {
      secret = this.box.open(row.secret_sealed, context(row.app_id, 'secret'));
      if (this.opened.size >= 1000) this.opened.clear();
      this.opened.set(row.secret_sealed, secret);
    }
    return { ...hookOf(row), secret };
  }

  async change(appId: number, change: Partial<Pick<WebhookSettings, 'enabled' | 'versions' | 'mesiboAid'>>) {
    await this.settings(appId);
    await this.db.run(
      `UPDATE webhooks SET enabled = COALESCE(?, enabled), versions = COALESCE(?, versions),
         mesibo_aid = COALESCE(?, mesibo_aid), changed_ts = ? WHERE app_id = ?`,
      [
        change.enabled === undefined ? null : Number(change.enabled),
        change.versions ?? null,
        change.mesiboAid ?? null,
        Date.now(),
        appId,
      ],
    );
  }

  /**
   * Retention: deliveries older than `before` (epoch ms) go, and each app keeps at most
   * `accepted` accepted and `refused` refused ones, the oldest dropped first (refusals have
   * their own bound, so they never push accepted deliveries out). Returns how many went.
   */
  async forget(before: number, bounds = { accepted: 100_000, refused: 10_000 }): Promise<number> {
    let gone = (await this.db.run('DELETE FROM webhook_deliveries WHERE ts < ?', [before])).changes;
    for (const result of ['accepted', 'refused'] as const) {
      const bound = bounds[result];
      const over = await this.db.all<{ app_id: number }>(
        'SELECT app_id FROM webhook_deliveries WHERE result = ? GROUP BY app_id HAVING COUNT(*) > ?',
        [result, bound],
      );
      for (const { app_id } of over) {
        const edge = await this.db.get<{ id: number }>(
          'SELECT id FROM webhook_deliveries WHERE app_id = ? AND result = ? ORDER BY id DESC LIMIT 1 OFFSET ?',
          [app_id, result, bound],
        );
        if (!edge) continue;
        gone += (
          await this.db.run('DELETE FROM webhook_deliveries WHERE app_id = ? AND result = ? AND id <= ?', [
            app_id,
            result,
            edge.id,
          ])
        ).changes;
      }
    }
    return gone;
  }

  /** rotate-server-key: every app's URL id and secret sealed again under the new key. Returns how many apps. */
  async reseal(from: SecretBox, to: SecretBox): Promise<{ resealed: number; unreadable: number[] }> {
    return this.db.tx(async (q) => {
      const rows = await q.all<Row>(`SELECT ${COLUMNS} FROM webhooks`);
      let resealed = 0;
      const unreadable: number[] = [];
      for (const r of rows) {
        const appId = Number(r.app_id);
        let hook: string;
        let secret: string;
        try {
          hook = from.open(r.hook_sealed, context(appId, 'hook'));
          secret = from.open(r.secret_sealed, context(appId, 'secret'));
        } catch {
          unreadable.push(appId); // sealed under neither key (or damaged): left as it is
          continue;
        }
        await q.run('UPDATE webhooks SET hook_sealed = ?, secret_sealed = ? WHERE app_id = ?', [
          to.seal(hook, context(appId, 'hook')),
          to.seal(secret, context(appId, 'secret')),
          appId,
        ]);
        resealed++;
      }
      return { resealed, unreadable };
    });
  }

  /** New URL: the old one stops at once (its hash no longer matches). */
  async newHookId(appId: number) {
    await this.settings(appId);
    const [hash, sealed] = this.sealedHook(appId, newHookId());
    await this.db.run('UPDATE webhooks SET hook_hash = ?, hook_sealed = ?, changed_ts = ? WHERE app_id = ?', [
      hash,
      sealed,
      Date.now(),
      appId,
    ]);
  }

  async newSecret(appId: number) {
    await this.settings(appId);
    await this.db.run('UPDATE webhooks SET secret_sealed = ?, changed_ts = ? WHERE app_id = ?', [
      this.box.seal(newSecret(), context(appId, 'secret')),
      Date.now(),
      appId,
    ]);
  }

  /** Deliveries newest first, filtered, a page at a time (keyset: the last id of the page before). */
  async list(appId: number, filter: DeliveryFilter, before: number | undefined, count: number) {
    const where = ['app_id = ?', 'id < ?'];
    const params: (string | number)[] = [appId, before ?? Number.MAX_SAFE_INTEGER];
    if (filter.result) {
      where.push('result = ?');
      params.push(filter.result);
    }
    if (filter.type) {
      where.push("types LIKE ? ESCAPE '\\'");
      params.push(`% ${likeLiteral(filter.type)} %`);
    }
    if (filter.address) {
      where.push("addresses LIKE ? ESCAPE '\\'");
      params.push(`%\n${likeLiteral(filter.address)}\n%`);
    }
    const rows = await this.db.all<DeliveryDbRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`,
      [...params, count + 1],
    );
    const page = rows.slice(0, count).map(deliveryOf);
    return { rows: page, next: rows.length > count ? page[page.length - 1].id : undefined };
  }

  /** One delivery with its body (the secret already replaced) and what it changed. */
  async get(appId: number, id: number) {
    const r = await this.db.get<DeliveryDbRow & { body: string; changes: string }>(
      `SELECT ${DELIVERY_COLUMNS}, body, changes FROM webhook_deliveries WHERE app_id = ? AND id = ?`,
      [appId, id],
    );
    return r && { ...deliveryOf(r), body: r.body, changes: JSON.parse(r.changes || '[]') as unknown[] };
  }

  /**
   * Stores deliveries (those arriving together, of any apps) in one transaction, and for each
   * app runs `apply` there too on its accepted ones stored (not tests), which answers what each
   * changed. A body already stored within 24 hours is a duplicate: not stored, not applied
   * again. Answers, for each delivery, whether it was stored. One statement does the work of
   * many deliveries: on PostgreSQL each statement is a round trip, on SQLite a crossing.
   */
  async record<D extends DeliveryRecord>(
    ds: readonly D[],
    apply?: (q: Queryable, appId: number, stored: D[]) => Promise<unknown[][]>,
  ): Promise<boolean[]> {
    const byApp = new Map<number, number[]>();
    for (const [i, d] of ds.entries()) byApp.set(d.appId, [...(byApp.get(d.appId) ?? []), i]);
    return this.db.tx(async (q) => {
      const stored = ds.map(() => false);
      for (const [appId, indexes] of byApp) {
        const group = indexes.map((i) => ds[i]);
        const ids = await insertOnce(q, appId, group);
        const applied: { d: D; id: number }[] = []; // accepted, stored now, not a test
        group.forEach((d, k) => {
          const id = d.bodyHash ? ids.get(d.bodyHash) : 0;
          if (id === undefined) return; // a duplicate: stored once already
          if (d.bodyHash) ids.delete(d.bodyHash); // the same body twice in this batch: the first one counts
          stored[indexes[k]] = true;
          if (d.result === 'accepted' && !d.test) applied.push({ d, id });
        });
        if (apply && applied.length) {
          const changes = await apply(
            q,
            appId,
            applied.map((a) => a.d),
          );
          await putChanges(
            q,
            applied.flatMap((a, k) => (changes[k]?.length ? [{ id: a.id, changes: changes[k] }] : [])),
          );
        }
      }
      return stored;
    });
  }
}

/** Delivery rows per statement: 14 parameters each. */
const DELIVERIES_PER_INSERT = 100;
const HASHES_PER_UPDATE = 500;

/**
 * Inserts one app's deliveries, each accepted body once. Answers the id of each body hash
 * stored now (a hash missing from the answer was a duplicate).
 */
async function insertOnce(q: Queryable, appId: number, group: readonly DeliveryRecord[]) {
  // A body older than a day no longer counts as the same delivery: its key is retired first.
  // `body_hash <> ''` lets the partial unique index find it (else a scan of the app's deliveries).
  const hashes = [...new Set(group.flatMap((d) => (d.bodyHash ? [d.bodyHash] : [])))];
  const oldest = Math.min(...group.map((d) => d.ts)) - DUPLICATE_MS;
  for (let i = 0; i < hashes.length; i += HASHES_PER_UPDATE) {
    const chunk = hashes.slice(i, i + HASHES_PER_UPDATE);
    await q.run(
      `UPDATE webhook_deliveries SET body_hash = '' WHERE app_id = ? AND body_hash IN (${chunk.map(() => '?').join(', ')})
       AND body_hash <> '' AND ts < ?`,
      [appId, ...chunk, oldest],
    );
  }
  const ids = new Map<string, number>();
  for (let i = 0; i < group.length; i += DELIVERIES_PER_INSERT) {
    const chunk = group.slice(i, i + DELIVERIES_PER_INSERT);
    const rows = await q.all<{ id: number; body_hash: string }>(
      `INSERT INTO webhook_deliveries (app_id, ts, version, aid, types, addresses, events, result, reason, status, test, body, body_hash)
       VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
       ON CONFLICT (app_id, body_hash) WHERE body_hash <> '' DO NOTHING RETURNING id, body_hash`,
      chunk.flatMap((d) => [
        appId,
        d.ts,
        d.version,
        d.aid,
        d.types.length ? ` ${d.types.join(' ')} ` : '',
        d.addresses.length ? `\n${d.addresses.join('\n')}\n` : '',
        d.events,
        d.result,
        d.reason.slice(0, 300),
        d.status,
        Number(d.test),
        d.body,
        d.bodyHash ?? '',
      ]),
    );
    for (const r of rows) if (r.body_hash) ids.set(r.body_hash, Number(r.id));
  }
  return ids;
}

/** What each delivery changed, kept with it: one statement for many. */
async function putChanges(q: Queryable, rows: readonly { id: number; changes: unknown[] }[]) {
  for (let i = 0; i < rows.length; i += DELIVERIES_PER_INSERT) {
    const chunk = rows.slice(i, i + DELIVERIES_PER_INSERT);
    await q.run(
      `UPDATE webhook_deliveries SET changes = CASE id ${chunk.map(() => 'WHEN ? THEN ?').join(' ')} END
       WHERE id IN (${chunk.map(() => '?').join(', ')})`,
      [...chunk.flatMap((r) => [r.id, JSON.stringify(r.changes)]), ...chunk.map((r) => r.id)],
    );
  }
}

export const bodyHash = (body: Buffer | string) => sha256(body);

/** An online or offline event, as presence keeps it. */
export interface PresenceInput {
  address: string;
  online: boolean;
  ts: number;
}

/**
 * Presence from webhooks: each address's latest online or offline event. An event older than
 * the one kept changes nothing. Answers the events that set an address's state (the newest of
 * each address given; of two at the same time, the later given).
 */
export async function putPresence<E extends PresenceInput>(q: Queryable, appId: number, events: readonly E[]) {
  // One row per address (its newest event): one statement may not change a row twice.
  const newest = new Map<string, E>();
  for (const e of events) {
    const kept = newest.get(e.address);
    if (!kept || kept.ts <= e.ts) newest.set(e.address, e);
  }
  // In address order: instances writing the same rows at once take their locks in one order (no deadlock).
  const rows = [...newest.values()].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const changed: E[] = [];
  for (let i = 0; i < rows.length; i += PRESENCE_PER_INSERT) {
    const chunk = rows.slice(i, i + PRESENCE_PER_INSERT);
    const set = await q.all<{ address: string }>(
      `INSERT INTO presence (app_id, address, online, event_ts) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}
       ON CONFLICT (app_id, address) DO UPDATE SET online = excluded.online, event_ts = excluded.event_ts
       WHERE presence.event_ts < excluded.event_ts RETURNING address`,
      chunk.flatMap((e) => [appId, e.address, Number(e.online), e.ts]),
    );
    for (const r of set) changed.push(newest.get(r.address) as E);
  }
  return changed;
}
