import 'server-only';
import { APP_STATE, type Apps as EngineApps } from '@/lib/backend';
import type { Db } from '@/lib/db/types';
import { type AppKind, type AppState, ENVIRONMENTS, type Environment } from '@/lib/domain/apps';
import { type SecretBox, sealedBy } from './secret-box';

/**
 * Every app the console knows, in one id space (the `<app>` of its URLs): bundled apps (an
 * app of this server's own Backend API: name, token and state live in the engine's table)
 * and remote apps (any mesibo Backend API, reached by URL with a token kept sealed under
 * the server key). The command line and the Apps page read this same registry.
 */

export interface ConsoleApp {
  id: number;
  kind: AppKind;
  name: string;
  environment: Environment;
  state: AppState;
  /** The app old URLs and the environment's MESIBO_API_URL lead to. */
  isDefault: boolean;
  createdTs: number;
  /** Bundled: the engine's app id. */
  engineAppId?: number;
  /** Remote: its Backend API, the last four characters of its token, and where the token comes from. */
  apiUrl?: string;
  tokenLast4?: string;
  fromEnv?: boolean;
  /** Remote: the optional ops its backend offers, as last found (a probe, or an op refused as BADOP). */
  ops?: Partial<Record<string, boolean>>;
}

type Row = {
  id: number;
  kind: string;
  engine_app_id: number | null;
  name: string;
  engine_name: string | null;
  environment: string;
  api_url: string;
  token_last4: string;
  from_env: number;
  disabled: number;
  engine_state: number | null;
  engine_default: number | null;
  created_ts: number;
  ops: string;
};

const SELECT = `SELECT c.id, c.kind, c.engine_app_id, c.name, a.name AS engine_name, c.environment, c.api_url,
  c.token_last4, c.from_env, c.disabled, a.state AS engine_state, a.is_default AS engine_default, c.created_ts, c.ops
  FROM console_apps c LEFT JOIN apps a ON a.id = c.engine_app_id`;

const STATE_OF: Record<number, AppState> = {
  [APP_STATE.enabled]: 'enabled',
  [APP_STATE.disabled]: 'disabled',
  [APP_STATE.breach]: 'breach',
};

export interface RegistryConfig {
  /** BUNDLED_BACKEND: whether this server's own Backend API and its apps exist. */
  bundled: boolean;
  /** MESIBO_API_URL: the remote app the environment defines (then the default app). */
  envRemoteUrl?: string;
  envRemoteToken?: string;
}

export class AppRegistry {
  constructor(
    private readonly db: Db,
    private readonly config: RegistryConfig,
  ) {}

  private toApp(r: Row): ConsoleApp {
    const bundled = r.kind === 'bundled';
    const environment = (ENVIRONMENTS as readonly string[]).includes(r.environment)
      ? (r.environment as Environment)
      : 'development';
    return {
      id: Number(r.id),
      kind: bundled ? 'bundled' : 'remote',
      name: bundled ? (r.engine_name ?? '') : r.name,
      environment,
      state: bundled ? (STATE_OF[Number(r.engine_state)] ?? 'disabled') : Number(r.disabled) ? 'disabled' : 'enabled',
      isDefault: this.config.envRemoteUrl ? Number(r.from_env) === 1 : bundled && Number(r.engine_default) === 1,
      createdTs: Number(r.created_ts),
      ...(bundled
        ? { engineAppId: Number(r.engine_app_id) }
        : {
            // As the URL standard reads it (URLs saved before they were stored so): where the token goes.
            apiUrl: URL.canParse(r.api_url) ? new URL(r.api_url).href : r.api_url,
            tokenLast4: r.token_last4,
            fromEnv: Number(r.from_env) === 1,
            ops: opsOf(r.ops),
          }),
    };
  }

  /**
   * Brings the registry up to date with what it mirrors: engine apps made elsewhere (the
   * command line, another instance) and the remote app of MESIBO_API_URL. Idempotent and
   * safe when several instances run it at once (unique keys; conflicts are no-ops).
   */
  async sync(): Promise<void> {
    if (this.config.bundled) {
      await this.db.run(
        `INSERT INTO console_apps (kind, engine_app_id, created_ts)
         SELECT 'bundled', a.id, a.created_ts FROM apps a
         WHERE NOT EXISTS (SELECT 1 FROM console_apps c WHERE c.engine_app_id = a.id)
         ORDER BY a.id ON CONFLICT DO NOTHING`,
      );
    }
    const url = this.config.envRemoteUrl;
    if (url) {
      const last4 = (this.config.envRemoteToken ?? '').slice(-4);
      await this.db.run(
        `INSERT INTO console_apps (kind, name, api_url, token_last4, from_env, created_ts)
         VALUES ('remote', 'default', ?, ?, 1, ?) ON CONFLICT DO NOTHING`,
        [url, last4, Math.floor(Date.now() / 1000)],
      );
      await this.db.run('UPDATE console_apps SET api_url = ?, token_last4 = ? WHERE from_env = 1', [url, last4]);
    }
  }

  /** Adds engine apps made elsewhere (the command line, another instance) since the last look. */
  private async syncBundled(): Promise<void> {
    if (!this.config.bundled) return;
    const missing = await this.db.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM apps a WHERE NOT EXISTS (SELECT 1 FROM console_apps c WHERE c.engine_app_id = a.id)',
    );
    if (Number(missing?.n ?? 0) > 0) await this.sync();
  }

  async list(): Promise<ConsoleApp[]> {
    await this.syncBundled();
    const rows = await this.db.all<Row>(`${SELECT} ORDER BY c.id`);
    return rows.filter((r) => this.config.bundled || r.kind !== 'bundled').map((r) => this.toApp(r));
  }

  async get(id: number): Promise<ConsoleApp | undefined> {
    let r = await this.db.get<Row>(`${SELECT} WHERE c.id = ?`, [id]);
    if (!r) {
      await this.syncBundled();
      r = await this.db.get<Row>(`${SELECT} WHERE c.id = ?`, [id]);
    }
    if (!r || (!this.config.bundled && r.kind === 'bundled')) return undefined;
    return this.toApp(r);
  }

  /** A new bundled app: the engine creates it (and its token, returned once). */
  async createBundled(
    engineApps: EngineApps,
    name: string,
    environment: Environment,
  ): Promise<{ app: ConsoleApp; token: string }> {
    const { app: engineApp, token } = await engineApps.create(name);
    // (Writes that return rows go through tx: plain reads may use a read-only connection.)
    const row = await this.db.tx((q) =>
      q.get<{ id: number }>(
        `INSERT INTO console_apps (kind, engine_app_id, environment, created_ts) VALUES ('bundled', ?, ?, ?)
         ON CONFLICT (engine_app_id) DO UPDATE SET environment = excluded.environment RETURNING id`,
        [engineApp.id, environment, engineApp.createdTs],
      ),
    );
    const app = row && (await this.get(Number(row.id)));
    if (!app) throw new Error('app registry insert returned nothing');
    return { app, token };
  }

  /** A new remote app; its token is sealed bound to the new row's id. */
  async createRemote(
    box: SecretBox,
    input: { name: string; environment: Environment; apiUrl: string; token: string },
  ): Promise<ConsoleApp> {
    const id = await this.db.tx(async (q) => {
      const row = await q.get<{ id: number }>(
        `INSERT INTO console_apps (kind, name, environment, api_url, token_last4, created_ts)
         VALUES ('remote', ?, ?, ?, ?, ?) RETURNING id`,
        [input.name, input.environment, input.apiUrl, input.token.slice(-4), Math.floor(Date.now() / 1000)],
      );
      if (!row) throw new Error('app registry insert returned nothing');
      const sealed = box.seal(input.token, sealContext(Number(row.id)));
      await q.run('UPDATE console_apps SET token_sealed = ? WHERE id = ?', [sealed, row.id]);
      return Number(row.id);
    });
    const app = await this.get(id);
    if (!app) throw new Error('app registry insert returned nothing');
    return app;
  }

  async rename(engineApps: EngineApps, app: ConsoleApp, name: string): Promise<void> {
    if (app.kind === 'bundled' && app.engineAppId !== undefined) await engineApps.rename(app.engineAppId, name);
    else await this.db.run('UPDATE console_apps SET name = ? WHERE id = ?', [name, app.id]);
  }

  async setEnvironment(id: number, environment: Environment): Promise<void> {
    await this.db.run('UPDATE console_apps SET environment = ? WHERE id = ?', [environment, id]);
  }

  /** Enables (a bundled app: also after a breach, forgetting its addresses) or disables an app. */
  async setEnabled(engineApps: EngineApps, app: ConsoleApp, enabled: boolean): Promise<void> {
    if (app.kind === 'bundled' && app.engineAppId !== undefined) await engineApps.setEnabled(app.engineAppId, enabled);
    else await this.db.run('UPDATE console_apps SET disabled = ? WHERE id = ?', [enabled ? 0 : 1, app.id]);
  }

  /**
   * Deletes an app: a bundled one with all its data (users, groups, messages, ...), a remote
   * one from this console only (its backend keeps its data). The default app stays.
   */
  async remove(engineApps: EngineApps, app: ConsoleApp): Promise<boolean> {
    if (app.isDefault) return false;
    if (app.kind === 'bundled' && app.engineAppId !== undefined) return engineApps.remove(app.engineAppId);
    const row = await this.db.tx((q) =>
      q.get<{ id: number }>('DELETE FROM console_apps WHERE id = ? AND from_env = 0 RETURNING id', [app.id]),
    );
    return row !== undefined;
  }

  /** What a probe found (Test connection): the optional ops the app's backend offers. */
  async recordOps(id: number, offered: Partial<Record<string, boolean>>): Promise<void> {
    await this.db.run('UPDATE console_apps SET ops = ?, probed_ts = ? WHERE id = ?', [
      JSON.stringify(offered),
      Math.floor(Date.now() / 1000),
      id,
    ]);
  }

  /** One op found offered or not (an answer of BADOP means not), the others as they were. */
  async recordOp(app: ConsoleApp, op: string, offered: boolean): Promise<void> {
    if (app.ops?.[op] === offered) return;
    const row = await this.db.get<{ ops: string }>('SELECT ops FROM console_apps WHERE id = ?', [app.id]);
    await this.recordOps(app.id, { ...opsOf(row?.ops ?? ''), [op]: offered });
  }

  /** The token to call a remote app with (never shown, logged or sent to a browser). */
  async remoteToken(box: SecretBox, app: ConsoleApp): Promise<string | undefined> {
    if (app.kind !== 'remote') return undefined;
    if (app.fromEnv) return this.config.envRemoteToken;
    const r = await this.db.get<{ token_sealed: string }>('SELECT token_sealed FROM console_apps WHERE id = ?', [
      app.id,
    ]);
    return r?.token_sealed ? box.open(r.token_sealed, sealContext(app.id)) : undefined;
  }

  async replaceRemoteToken(box: SecretBox, id: number, token: string): Promise<void> {
    await this.db.run(
      `UPDATE console_apps SET token_sealed = ?, token_last4 = ? WHERE id = ? AND kind = 'remote' AND from_env = 0`,
      [box.seal(token, sealContext(id)), token.slice(-4), id],
    );
  }

  /**
   * A remote app moved to another Backend API URL, with the token typed again for it (a stored
   * token is never sent to a new host); what was probed at the old URL is forgotten.
   */
  async moveRemote(box: SecretBox, id: number, apiUrl: string, token: string): Promise<void> {
    await this.db.run(
      `UPDATE console_apps SET api_url = ?, token_sealed = ?, token_last4 = ?, ops = '', probed_ts = 0
       WHERE id = ? AND kind = 'remote' AND from_env = 0`,
      [apiUrl, box.seal(token, sealContext(id)), token.slice(-4), id],
    );
  }

  /**
   * The remote apps whose stored token was sealed under another server key than `box`'s: an
   * instance started with a CONSOLE_SECRET_KEY the others do not use (it could open none).
   */
  async sealedUnderOtherKeys(box: SecretBox): Promise<number[]> {
    const rows = await this.db.all<{ id: number; token_sealed: string }>(
      "SELECT id, token_sealed FROM console_apps WHERE token_sealed <> '' ORDER BY id",
    );
    return rows.filter((r) => sealedBy(r.token_sealed) !== box.fingerprint).map((r) => Number(r.id));
  }

  /**
   * Re-seals every stored token under a new server key (after CONSOLE_SECRET_KEY changes).
   * Tokens sealed by neither key are reported, not destroyed.
   */
  async reseal(from: SecretBox, to: SecretBox): Promise<{ resealed: number; unreadable: number[] }> {
    return this.db.tx(async (q) => {
      const rows = await q.all<{ id: number; token_sealed: string }>(
        "SELECT id, token_sealed FROM console_apps WHERE token_sealed <> ''",
      );
      let resealed = 0;
      const unreadable: number[] = [];
      for (const r of rows) {
        if (sealedBy(r.token_sealed) === to.fingerprint) continue;
        if (sealedBy(r.token_sealed) !== from.fingerprint) {
          unreadable.push(Number(r.id));
          continue;
        }
        let plain: string;
        try {
          plain = from.open(r.token_sealed, sealContext(Number(r.id)));
        } catch {
          unreadable.push(Number(r.id)); // damaged, or moved from another row: left as it is
          continue;
        }
        await q.run('UPDATE console_apps SET token_sealed = ? WHERE id = ?', [
          to.seal(plain, sealContext(Number(r.id))),
          r.id,
        ]);
        resealed++;
      }
      return { resealed, unreadable };
    });
  }
}

/** What a sealed token is bound to: its own row. */
const sealContext = (id: number) => `console_apps:${id}:token`;

function opsOf(json: string): Partial<Record<string, boolean>> | undefined {
  try {
    const v = json ? JSON.parse(json) : undefined;
    return v && typeof v === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}
