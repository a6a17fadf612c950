import { EventEmitter } from 'node:events';
import type { Db } from '@/lib/db/types';
import { OpFailure } from './errors';
import { APP_TOKEN_LENGTH, hashToken, randomToken } from './secrets';

/**
 * Apps, their tokens, and token-breach detection (contract section 6).
 *
 * Every `/backend` call resolves its app token here, so lookups are cached in memory for
 * a second: another process (the command line, a second server on PostgreSQL) that rotates
 * or disables an app is seen within that second, while the hot path stays a Map lookup.
 * The client addresses per app live in the database (so a restart forgets nothing) and in
 * memory; the database is touched only when an address is new or its last-seen time is
 * stale, and a new address always recounts from the database, so several servers agree.
 */
export const APP_STATE = { enabled: 0, disabled: 1, breach: 2 } as const;

export interface App {
  id: number;
  name: string;
  state: number;
  isDefault: boolean;
  createdTs: number;
  rotatedTs: number;
  /**
   * Bumped whenever the app's client addresses are forgotten (rotation, enabling): every
   * process that cached them reloads them then, so none keeps counting stale ones.
   */
  generation: number;
}
export interface AppStatus extends App {
  addresses: number;
  limit: number;
  windowHours: number;
}

export interface BreachSettings {
  maxAddresses: number;
  windowHours: number;
}

type AppRow = {
  id: number;
  name: string;
  state: number;
  is_default: number;
  created_ts: number;
  rotated_ts: number;
  generation: number;
};
const toApp = (r: AppRow): App => ({
  id: Number(r.id),
  name: r.name,
  state: Number(r.state),
  isDefault: Number(r.is_default) === 1,
  createdTs: Number(r.created_ts),
  rotatedTs: Number(r.rotated_ts),
  generation: Number(r.generation),
});
const APP_COLUMNS = 'id, name, state, is_default, created_ts, rotated_ts, generation';
const now = () => Math.floor(Date.now() / 1000);

const CACHE_MS = 1000;
const TOUCH_EVERY_S = 300; // refresh a known address's last-seen time at most this often

/** What the engine tells those who subscribe (the console's audit log): an app's token was breached. */
export interface BreachEvent {
  appId: number;
  /** The address whose call went over the limit, and how many addresses were counted. */
  address: string;
  addresses: number;
  limit: number;
  windowHours: number;
}
export interface EngineEvents {
  breach: [BreachEvent];
}

export class Apps {
  /** Subscribe with `engine.apps.events.on('breach', …)`: emitted once per breach, after it is stored. */
  readonly events = new EventEmitter<EngineEvents>();
  private readonly byHash = new Map<string, { app: App | null; at: number }>();
  /** app id -> (client address -> last seen, epoch seconds) */
  private readonly clients = new Map<number, { generation: number; seen: Map<string, number> }>();

  constructor(
    private readonly db: Db,
    private readonly breach: BreachSettings,
  ) {}

  /** Resolves an app token, or throws AUTHFAIL / APPDISABLED / TOKENBREACH. */
  async authenticate(token: unknown): Promise<App> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 512) throw authFail();
    const hash = hashToken(token);
    const t = Date.now();
    let hit = this.byHash.get(hash);
    if (!hit || t - hit.at > CACHE_MS) {
      const row = await this.db.get<AppRow>(`SELECT ${APP_COLUMNS} FROM apps WHERE token_hash = ?`, [hash]);
      hit = { app: row ? toApp(row) : null, at: t };
      if (this.byHash.size > 10_000) this.byHash.clear(); // bound memory against token spraying
      this.byHash.set(hash, hit);
    }
    if (!hit.app) throw authFail();
    assertUsable(hit.app);
    return hit.app;
  }

  /**
   * Records that `app` was called from `address`; disables the app when this makes more
   * distinct addresses within the window than the limit allows (and throws TOKENBREACH).
   */
  async recordClient(app: App, address: string): Promise<void> {
    const t = now();
    const windowStart = t - this.breach.windowHours * 3600;
    let entry = this.clients.get(app.id);
    if (!entry || entry.generation !== app.generation) {
      const rows = await this.db.all<{ address: string; last_seen: number }>(
        'SELECT address, last_seen FROM app_clients WHERE app_id = ? AND last_seen >= ?',
        [app.id, windowStart],
      );
      entry = { generation: app.generation, seen: new Map(rows.map((r) => [r.address, Number(r.last_seen)])) };
      this.clients.set(app.id, entry);
    }
    const last = entry.seen.get(address);
    if (last !== undefined && last >= windowStart) {
      if (t - last >= TOUCH_EVERY_S) {
        entry.seen.set(address, t);
        // An upsert: if another process forgot the addresses meanwhile, this one counts again.
        await this.db.run(
          'INSERT INTO app_clients (app_id, address, last_seen, first_seen) VALUES (?, ?, ?, ?) ON CONFLICT (app_id, address) DO UPDATE SET last_seen = excluded.last_seen',
          [app.id, address, t, t],
        );
      }
      return;
    }
    // A new address (or one whose last call fell out of the window): count again from the database.
    // Its first-seen time starts again when it had dropped out of the window.
    const count = await this.db.tx(async (q) => {
      await q.run(
        `INSERT INTO app_clients (app_id, address, last_seen, first_seen) VALUES (?, ?, ?, ?)
         ON CONFLICT (app_id, address) DO UPDATE SET last_seen = excluded.last_seen,
           first_seen = CASE WHEN app_clients.last_seen < ? THEN excluded.first_seen ELSE app_clients.first_seen END`,
        [app.id, address, t, t, windowStart],
      );
      const c = await q.get<{ n: number }>(
        'SELECT COUNT(*) AS n FROM app_clients WHERE app_id = ? AND last_seen >= ?',
        [app.id, windowStart],
      );
      const n = Number(c?.n ?? 0);
      // Only the call that moves the app from enabled to breach reports it (once, whatever the instances).
      const breached =
        n > this.breach.maxAddresses &&
        (
          await q.run('UPDATE apps SET state = ? WHERE id = ? AND state = ?', [
            APP_STATE.breach,
            app.id,
            APP_STATE.enabled,
          ])
        ).changes > 0;
      return { n, breached };
    });
    if (count.breached)
      this.events.emit('breach', {
        appId: app.id,
        address,
        addresses: count.n,
        limit: this.breach.maxAddresses,
        windowHours: this.breach.windowHours,
      });
    entry.seen.set(address, t);
    for (const [a, seen] of entry.seen) if (seen < windowStart) entry.seen.delete(a);
    if (count.n > this.breach.maxAddresses) {
      this.byHash.clear();
      throw breachFailure();
    }
  }

  /** The client addresses that used the app's token within the breach window, first seen first. */
  async clientsOf(id: number): Promise<{ address: string; firstSeen: number; lastSeen: number }[]> {
    const rows = await this.db.all<{ address: string; first_seen: number; last_seen: number }>(
      'SELECT address, first_seen, last_seen FROM app_clients WHERE app_id = ? AND last_seen >= ? ORDER BY first_seen, address',
      [id, now() - this.breach.windowHours * 3600],
    );
    return rows.map((r) => ({ address: r.address, firstSeen: Number(r.first_seen), lastSeen: Number(r.last_seen) }));
  }

  async list(): Promise<AppStatus[]> {
    const rows = await this.db.all<AppRow>(`SELECT ${APP_COLUMNS} FROM apps ORDER BY id`);
    return Promise.all(rows.map((r) => this.status(toApp(r))));
  }

  /** The app alone, without its client-address count (what a call needs: one indexed read). */
  async find(id: number): Promise<App | undefined> {
    const row = await this.db.get<AppRow>(`SELECT ${APP_COLUMNS} FROM apps WHERE id = ?`, [id]);
    return row ? toApp(row) : undefined;
  }

  async get(id: number): Promise<AppStatus | undefined> {
    const app = await this.find(id);
    return app ? this.status(app) : undefined;
  }

  async getDefault(): Promise<AppStatus | undefined> {
    const row = await this.db.get<AppRow>(`SELECT ${APP_COLUMNS} FROM apps WHERE is_default = 1`);
    return row ? this.status(toApp(row)) : undefined;
  }

  private async status(app: App): Promise<AppStatus> {
    const c = await this.db.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM app_clients WHERE app_id = ? AND last_seen >= ?',
      [app.id, now() - this.breach.windowHours * 3600],
    );
    return {
      ...app,
      addresses: Number(c?.n ?? 0),
      limit: this.breach.maxAddresses,
      windowHours: this.breach.windowHours,
    };
  }

  /** Creates an app and returns it with its token (the only time the token is visible). */
  async create(name: string, options: { token?: string } = {}): Promise<{ app: App; token: string }> {
    const token = options.token ?? randomToken(APP_TOKEN_LENGTH);
    const row = await this.insert(name, token, false);
    if (!row) throw new Error('app insert returned nothing');
    return { app: toApp(row), token };
  }

  /**
   * A new app row. The default app is inserted only if none exists yet (instances starting
   * together race for it: the unique index on the default flag lets one win, the others get
   * nothing back).
   */
  private insert(name: string, token: string, isDefault: boolean) {
    const t = now();
    return this.db.tx((q) =>
      q.get<AppRow>(
        `INSERT INTO apps (name, token_hash, state, is_default, created_ts, rotated_ts) VALUES (?, ?, 0, ?, ?, ?)
         ${isDefault ? 'ON CONFLICT DO NOTHING' : ''} RETURNING ${APP_COLUMNS}`,
        [name, hashToken(token), isDefault ? 1 : 0, t, t],
      ),
    );
  }

  /**
   * Gives the app a new token (random, or the one given), re-enables it after a breach
   * and forgets its client addresses. The old token stops working at once here, and
   * within a second in other processes.
   */
  async rotate(id: number, token = randomToken(APP_TOKEN_LENGTH)): Promise<{ app: App; token: string }> {
    const t = now();
    const row = await this.db.tx(async (q) => {
      const r = await q.get<AppRow>(
        `UPDATE apps SET token_hash = ?, state = CASE WHEN state = ? THEN ? ELSE state END, rotated_ts = ?,
           generation = generation + 1 WHERE id = ? RETURNING ${APP_COLUMNS}`,
        [hashToken(token), APP_STATE.breach, APP_STATE.enabled, t, id],
      );
      if (r) await q.run('DELETE FROM app_clients WHERE app_id = ?', [id]);
      return r;
    });
    if (!row) throw new Error(`No app with id ${id}.`);
    this.forget(id);
    return { app: toApp(row), token };
  }

  /** Enables (also clearing a breach and its addresses) or disables an app. */
  async setEnabled(id: number, enabled: boolean): Promise<App> {
    const row = await this.db.tx(async (q) => {
      const r = await q.get<AppRow>(
        `UPDATE apps SET state = ?, generation = generation + ? WHERE id = ? RETURNING ${APP_COLUMNS}`,
        [enabled ? APP_STATE.enabled : APP_STATE.disabled, enabled ? 1 : 0, id],
      );
      if (r && enabled) await q.run('DELETE FROM app_clients WHERE app_id = ?', [id]);
      return r;
    });
    if (!row) throw new Error(`No app with id ${id}.`);
    this.forget(id);
    return toApp(row);
  }

  async rename(id: number, name: string): Promise<App> {
    const row = await this.db.tx((q) =>
      q.get<AppRow>(`UPDATE apps SET name = ? WHERE id = ? RETURNING ${APP_COLUMNS}`, [name, id]),
    );
    if (!row) throw new Error(`No app with id ${id}.`);
    return toApp(row);
  }

  /**
   * Deletes an app and, through the schema's cascades, everything of it: users, tokens,
   * groups, members, messages, profiles, one-time passwords, client addresses. The default
   * app cannot be deleted. Returns whether an app was deleted.
   */
  async remove(id: number): Promise<boolean> {
    const row = await this.db.tx((q) =>
      q.get<{ id: number }>('DELETE FROM apps WHERE id = ? AND is_default = 0 RETURNING id', [id]),
    );
    this.forget(id);
    return row !== undefined;
  }

  /**
   * First start: make sure a default app exists. With `token` (MESIBO_APP_TOKEN) the
   * default app uses exactly that token; returns a freshly generated token only when one
   * was created here, so the caller can show it once. A default app holding `foreignToken`
   * gets a new token.
   */
  async ensureDefault(token?: string, foreignToken?: string): Promise<{ app: App; createdToken?: string }> {
    const readDefault = () =>
      this.db.get<AppRow & { token_hash: string }>(`SELECT ${APP_COLUMNS}, token_hash FROM apps WHERE is_default = 1`);
    let existing = await readDefault();
    if (!existing) {
      const fresh = token ?? randomToken(APP_TOKEN_LENGTH);
      const row = await this.insert('default', fresh, true);
      if (row) return { app: toApp(row), createdToken: token ? undefined : fresh };
      existing = await readDefault(); // another instance's, made just now
      if (!existing) throw new Error('MESIBO_APP_TOKEN already belongs to another app.');
    }
    const app = toApp(existing);
    if (foreignToken && existing.token_hash === hashToken(foreignToken)) {
      // Set by an older version from a remote app's token: that token must not open this backend.
      const rotated = await this.rotate(app.id);
      return { app: rotated.app, createdToken: rotated.token };
    }
    if (token) {
      const hash = hashToken(token);
      const owner = await this.db.get<{ id: number }>('SELECT id FROM apps WHERE token_hash = ?', [hash]);
      if (!owner) await this.db.run('UPDATE apps SET token_hash = ? WHERE id = ?', [hash, app.id]);
      else if (Number(owner.id) !== app.id) throw new Error('MESIBO_APP_TOKEN already belongs to another app.');
    }
    this.forget(app.id);
    return { app };
  }

  private forget(id: number) {
    this.byHash.clear();
    this.clients.delete(id);
  }
}

function authFail() {
  return new OpFailure(
    'AUTHFAIL',
    'Invalid or expired app token',
    'Send the app token of your app in the top-level "token" field (the console or `npm run backend -- apps` shows your apps).',
    ['token'],
  );
}

function breachFailure() {
  return new OpFailure(
    'TOKENBREACH',
    'This app was disabled because its app token was used from too many client addresses.',
    'Rotate the app token (console, or `npm run backend -- rotate <app id>`) and use the new token only from your servers.',
    ['token'],
  );
}

function assertUsable(app: App) {
  if (app.state === APP_STATE.breach) throw breachFailure();
  if (app.state === APP_STATE.disabled)
    throw new OpFailure(
      'APPDISABLED',
      'This app was disabled by an administrator.',
      'Ask an administrator to re-enable the app (`npm run backend -- enable <app id>`).',
      ['token'],
    );
}
