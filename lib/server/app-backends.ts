import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { BulkOptions, BulkRecorder } from '@/lib/backend';
import type { AppRegistry, ConsoleApp } from '@/lib/console/apps';
import type { SecretBox } from '@/lib/console/secret-box';
import { ReachabilityLog } from '@/lib/domain/reachability';
import { env } from '@/lib/env';
import { type BackendTarget, type Client, type ClientOptions, createClient } from '@/lib/mesibo/client';
import { OpError, UpstreamError } from '@/lib/mesibo/errors';
import { EXTENSIONS } from '@/lib/mesibo/extensions';
import { type Offered, OPTIONAL_OPS, type Probe, probeBackend } from '@/lib/mesibo/probe';
import { appRegistry, tokenBox } from './apps';
import { bundledBackend } from './backend';
import { log } from './log';
import { metrics } from './metrics';
import { currentRequestId } from './request-context';

/**
 * The apps service: the one place that turns a console app into calls to its Backend API.
 * It owns what the backend client must not know: the registry, the sealed tokens, the engine
 * (a bundled app is called in-process), the limits of the environment, the logger, and the
 * memory of which optional ops each backend offers (probed once, then kept in the registry).
 * Built once per process; lib/mesibo's client gets everything from here.
 */
export type OfferedOps = Offered;

type Engine = Awaited<ReturnType<typeof bundledBackend>>['engine'];
/** What a bundled app's engine offers beyond its calls. */
export interface InProcessBackend {
  bulk: (
    requests: Record<string, unknown>[],
    record: BulkRecorder,
    options?: BulkOptions,
  ) => ReturnType<Engine['bulk']>;
  knownUsers: (addresses: readonly string[]) => ReturnType<Engine['knownUsers']>;
  knownMembers: (gid: number, addresses: readonly string[]) => ReturnType<Engine['knownMembers']>;
}

/** A bundled app's engine, bound to its engine app. */
export function inProcessOf(engine: Engine, engineAppId: number): InProcessBackend {
  return {
    bulk: (requests, record, options) => engine.bulk(engineAppId, requests, record, options),
    knownUsers: (addresses) => engine.knownUsers(engineAppId, addresses),
    knownMembers: (gid, addresses) => engine.knownMembers(engineAppId, gid, addresses),
  };
}

/*
 * One client per app, so each backend has its own circuit breaker. A client is checked
 * against its app's current target at most once a second: a replaced token or URL (here or
 * on another instance) gets a new client within that second.
 */
const CHECK_MS = 1000;

export class AppBackends {
  private readonly clients = new Map<number, { key: string; client: Client; checked: number }>();
  /** How each remote backend answered this instance in the last hour (the Overview's Needs attention). */
  readonly reachability = processReachability();

  constructor(
    private readonly registry: AppRegistry,
    private readonly box: SecretBox,
    private readonly engine: () => Promise<Engine>,
    private readonly options: ClientOptions,
  ) {}

  /** What calls go to for `app`: its engine app, or its URL and unsealed token; never a disabled remote app. */
  async target(app: ConsoleApp): Promise<BackendTarget> {
    if (app.kind === 'remote' && app.state !== 'enabled') throw this.upstream('app_disabled');
    if (app.kind === 'bundled') {
      const engineAppId = app.engineAppId;
      if (engineAppId === undefined) throw new Error(`app ${app.id} has no engine app`);
      return {
        kind: 'in-process',
        call: async (request) => (await (await this.engine()).callAsApp(engineAppId, request)).body,
      };
    }
    const token = await this.registry.remoteToken(this.box, app);
    if (!app.apiUrl || !token) throw this.upstream('no_token');
    return { kind: 'remote', url: app.apiUrl, token };
  }

  /**
   * A bundled app's engine, for work done in the engine's own transactions (a bulk run whose
   * outcomes are written with their effects, an import's lookups); undefined for a remote app.
   */
  async inProcess(app: ConsoleApp): Promise<InProcessBackend | undefined> {
    if (app.kind !== 'bundled' || app.engineAppId === undefined) return undefined;
    return inProcessOf(await this.engine(), app.engineAppId);
  }

  /** Calls `op` on `app`'s backend; an op answered BADOP is remembered as absent for the app. */
  async call<S extends z.ZodType>(
    app: ConsoleApp,
    op: string,
    payload: Record<string, unknown>,
    schema: S,
  ): Promise<z.output<S>> {
    if (app.kind === 'remote' && app.state !== 'enabled') throw this.upstream('app_disabled');
    try {
      return await (await this.clientFor(app))(op, payload, schema);
    } catch (e) {
      if (e instanceof OpError && e.error === 'BADOP' && app.kind === 'remote')
        await this.registry.recordOp(app, op, false);
      throw e;
    }
  }

  /**
   * Which optional ops `app`'s backend offers: the bundled backend has them all; a remote one
   * as last found, probed once when anything is unknown. A backend that cannot be reached for
   * the probe is taken to offer what is unknown: the call then fails where it is made, with the
   * reason, rather than the console quietly switching to its directory.
   */
  async offered(app: ConsoleApp): Promise<OfferedOps> {
    const known = [...OPTIONAL_OPS, ...EXTENSIONS];
    const all = Object.fromEntries(known.map((op) => [op, true])) as OfferedOps;
    if (app.kind === 'bundled') return all;
    // Probed before an extension was known (an older version of this console): probed again, once.
    if (known.every((op) => app.ops?.[op] !== undefined)) return { ...all, ...app.ops } as OfferedOps;
    const target = await this.target(app);
    const probe = await this.probe(target);
    if (!probe.reachable) return { ...all, ...app.ops } as OfferedOps;
    await this.registry.recordOps(app.id, probe.offered);
    return probe.offered;
  }

  /** Whether a backend answers, how fast, and which optional ops it offers (Test connection, a new URL). */
  probe(target: BackendTarget): Promise<Probe> {
    return probeBackend(target, this.options);
  }

  private async clientFor(app: ConsoleApp): Promise<Client> {
    const cached = this.clients.get(app.id);
    if (cached && Date.now() - cached.checked < CHECK_MS) return cached.client;
    const target = await this.target(app);
    const key = keyOf(app, target);
    const client =
      cached?.key === key
        ? cached.client
        : createClient(target, {
            ...this.options,
            onOutcome: (o) => {
              if (target.kind !== 'remote') return;
              this.reachability.record(app.id, o);
              metrics().remoteCalls.observe(
                { result: o.answered ? 'answered' : (o.kind ?? 'unreachable') },
                o.ms / 1000,
              );
            },
          });
    this.clients.set(app.id, { key, client, checked: Date.now() });
    return client;
  }

  private upstream(kind: UpstreamError['kind']) {
    return new UpstreamError(kind, this.options.requestId?.() ?? randomUUID());
  }
}

/**
 * One log per process, on globalThis: jobs (started by instrumentation.ts) and pages run in
 * bundles of their own, and the Overview must see what the jobs' calls saw.
 */
function processReachability(): ReachabilityLog {
  const g = globalThis as { [REACHABILITY]?: ReachabilityLog };
  g[REACHABILITY] ??= new ReachabilityLog();
  return g[REACHABILITY];
}
const REACHABILITY = Symbol.for('mesibo-admin.reachability');

const keyOf = (app: ConsoleApp, t: BackendTarget) =>
  t.kind === 'in-process'
    ? `b:${app.engineAppId}`
    : `r:${t.url}:${createHash('sha256').update(t.token).digest('base64url')}`;

let service: Promise<AppBackends> | undefined;

/** The process's apps service, built on first use from the registry, the server key and the environment. */
export function appBackends(): Promise<AppBackends> {
  service ??= (async () =>
    new AppBackends(await appRegistry(), tokenBox(), async () => (await bundledBackend()).engine, {
      timeoutMs: env().MESIBO_API_TIMEOUT_MS,
      maxReplyBytes: env().REMOTE_MAX_RESPONSE_BYTES,
      log: log(),
      requestId: currentRequestId,
    }))();
  return service;
}
