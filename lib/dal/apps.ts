import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import type { ConsoleApp } from '@/lib/console/apps';
import { type Breach, breachesOf, endBreaches } from '@/lib/console/breaches';
import type { Environment } from '@/lib/domain/apps';
import { confirms } from '@/lib/domain/confirmation';
import { bundledAppToken, env } from '@/lib/env';
import { ConsoleError } from '@/lib/errors';
import type { Probe } from '@/lib/mesibo/probe';
import { ipLiteralOf, isRefusedAddress } from '@/lib/mesibo/remote-address';
import { appBackends } from '@/lib/server/app-backends';
import { appRegistry, tokenBox } from '@/lib/server/apps';
import { bundledBackend } from '@/lib/server/backend';
import { consoleDb } from '@/lib/server/db';
import { requireTypedInProduction } from './production-guard';

/**
 * Apps as admins manage them (the Apps page): every function checks `apps.manage` itself.
 * Tokens go one way: a new bundled token is returned once, to be shown once; a remote
 * token goes in, sealed, and only its last four characters ever come out.
 */
export interface AppSummary extends ConsoleApp {
  /** Bundled: client addresses seen in the breach window, against the limit. */
  addresses?: number;
  limit?: number;
  windowHours?: number;
  /** Why the token cannot be rotated or replaced here, when it cannot. */
  tokenFromEnv?: string;
}

export interface AppDetail extends AppSummary {
  clients: { address: string; firstSeen: number; lastSeen: number }[];
  /** Its token breaches, newest first, kept after the rotations that ended them. */
  breaches: Breach[];
}

const engineApps = async () => (await bundledBackend()).engine.apps;

async function summarize(app: ConsoleApp): Promise<AppSummary> {
  if (app.kind === 'remote') {
    return app.fromEnv ? { ...app, tokenFromEnv: 'MESIBO_APP_TOKEN (with MESIBO_API_URL)' } : app;
  }
  const status = app.engineAppId === undefined ? undefined : await (await engineApps()).get(app.engineAppId);
  return {
    ...app,
    addresses: status?.addresses,
    limit: status?.limit,
    windowHours: status?.windowHours,
    tokenFromEnv: app.isDefault && bundledAppToken() ? 'MESIBO_APP_TOKEN' : undefined,
  };
}

export async function listApps(): Promise<AppSummary[]> {
  await requirePermission('apps.manage');
  return Promise.all((await (await appRegistry()).list()).map(summarize));
}

async function mustGet(id: number): Promise<ConsoleApp> {
  const app = await (await appRegistry()).get(id);
  if (!app)
    throw new ConsoleError('not_found', 'There is no such app.', { link: { href: '/apps', label: 'Back to Apps' } });
  return app;
}

export async function appDetail(id: number): Promise<AppDetail | undefined> {
  await requirePermission('apps.manage');
  const app = await (await appRegistry()).get(id);
  if (!app) return undefined;
  const clients =
    app.kind === 'bundled' && app.engineAppId !== undefined
      ? await (await engineApps()).clientsOf(app.engineAppId)
      : [];
  const breaches = app.kind === 'bundled' ? await breachesOf(await consoleDb(), app.id) : [];
  return { ...(await summarize(app)), clients, breaches };
}

export type NewApp =
  | { kind: 'bundled'; name: string; environment: Environment }
  | {
      kind: 'remote';
      name: string;
      environment: Environment;
      apiUrl: string;
      token: string;
      /** Save it even when its backend does not answer the test (the admin confirmed). */
      saveUnreachable?: boolean;
    };

/**
 * A Backend API tried before it is saved (a new remote app, a new URL): refused outright when
 * its URL names a link-local or unspecified address; else probed with the token given, and
 * when it does not answer, refused unless the admin confirmed saving it anyway. The probe
 * comes back either way, to be shown.
 */
async function tryBackend(apiUrl: string, token: string, saveUnreachable: boolean | undefined): Promise<Probe> {
  const literal = ipLiteralOf(new URL(apiUrl).hostname);
  if (literal && isRefusedAddress(literal))
    throw new ConsoleError(
      'invalid',
      'This address is link-local or unspecified (where cloud metadata services live): the console does not send app tokens there.',
      { field: 'apiUrl' },
    );
  const probe = await (await appBackends()).probe({ kind: 'remote', url: apiUrl, token });
  if (!probe.reachable && !saveUnreachable)
    throw new ConsoleError('conflict', `The backend did not answer the test: ${probe.problem} (${probe.ms} ms).`, {
      field: 'apiUrl',
      action: 'Check the URL and the token, or tick "Save it anyway" to save it as it is.',
    });
  return probe;
}

/** Creates an app; a bundled one's token comes back, to be shown once; a remote one is tested first. */
export async function createApp(input: NewApp): Promise<{ app: ConsoleApp; token?: string; probe?: Probe }> {
  await requirePermission('apps.manage');
  const registry = await appRegistry();
  if (input.kind === 'remote') {
    const probe = await tryBackend(input.apiUrl, input.token, input.saveUnreachable);
    const app = await registry.createRemote(tokenBox(), input);
    if (probe.reachable) await registry.recordOps(app.id, probe.offered);
    return { app, probe };
  }
  if (!env().BUNDLED_BACKEND) {
    throw new ConsoleError('invalid', 'This server has no bundled backend (BUNDLED_BACKEND=off).', {
      field: 'kind',
    });
  }
  return registry.createBundled(await engineApps(), input.name, input.environment);
}

export async function saveApp(id: number, change: { name: string; environment: Environment }) {
  await requirePermission('apps.manage');
  const registry = await appRegistry();
  const app = await mustGet(id);
  if (change.name !== app.name) await registry.rename(await engineApps(), app, change.name);
  if (change.environment !== app.environment) await registry.setEnvironment(id, change.environment);
  return mustGet(id);
}

export async function setAppEnabled(id: number, enabled: boolean, confirm?: string) {
  await requirePermission('apps.manage');
  const app = await mustGet(id);
  if (!enabled) requireTypedInProduction(app, confirm, app.name, "the app's name");
  await (await appRegistry()).setEnabled(await engineApps(), app, enabled);
  return mustGet(id);
}

function refuseEnvToken(app: AppSummary) {
  if (app.tokenFromEnv) {
    throw new ConsoleError(
      'conflict',
      `This app's token comes from ${app.tokenFromEnv}: the next start would restore it.`,
      {
        action:
          'Set the new token in the environment (npm run backend -- new-token prints one) and restart the server.',
      },
    );
  }
}

/** A new token for a bundled app: the old one is refused at once, and the app is enabled again after a breach (`afterBreach`). */
export async function rotateAppToken(
  id: number,
  confirm?: string,
): Promise<{ app: ConsoleApp; token: string; afterBreach: boolean }> {
  await requirePermission('apps.manage');
  const app = await summarize(await mustGet(id));
  requireTypedInProduction(app, confirm, app.name, "the app's name");
  if (app.kind !== 'bundled' || app.engineAppId === undefined)
    throw new ConsoleError('invalid', 'A remote app’s token is replaced, not rotated: its backend issues it.');
  refuseEnvToken(app);
  const { token } = await (await engineApps()).rotate(app.engineAppId);
  // The rotation that ends a breach says so, and the breach keeps when it ended.
  const afterBreach = (await endBreaches(await consoleDb(), id, Math.floor(Date.now() / 1000))) > 0;
  return { app: await mustGet(id), token, afterBreach };
}

export async function replaceAppToken(id: number, token: string, confirm?: string) {
  await requirePermission('apps.manage');
  const app = await summarize(await mustGet(id));
  requireTypedInProduction(app, confirm, app.name, "the app's name");
  if (app.kind !== 'remote') throw new ConsoleError('invalid', 'A bundled app’s token is rotated here, not typed in.');
  refuseEnvToken(app);
  await (await appRegistry()).replaceRemoteToken(tokenBox(), id, token);
  return mustGet(id);
}

/** Whether the app's backend answers, how fast, and which optional ops it offers. */
export async function testConnection(id: number): Promise<Probe> {
  await requirePermission('apps.manage');
  const app = await mustGet(id);
  if (app.kind === 'remote' && app.state !== 'enabled')
    throw new ConsoleError('conflict', 'This app is disabled, so the console does not call its backend.', {
      action: 'Enable the app first, then test its connection.',
    });
  const backends = await appBackends();
  const target = await backends.target(app).catch(() => undefined);
  if (!target) return { reachable: false, ms: 0, problem: 'This app has no app token to call its backend with.' };
  const probe = await backends.probe(target);
  if (probe.reachable) await (await appRegistry()).recordOps(id, probe.offered);
  return probe;
}

/**
 * Moves a remote app to another Backend API URL. The app token is typed again (a stored token
 * is never sent to a new host), the new URL is tested first, and what it offers is recorded.
 */
export async function moveApp(id: number, apiUrl: string, token: string, saveUnreachable?: boolean) {
  await requirePermission('apps.manage');
  const app = await summarize(await mustGet(id));
  if (app.kind !== 'remote') throw new ConsoleError('invalid', 'A bundled app has no Backend API URL to change.');
  refuseEnvToken(app);
  const probe = await tryBackend(apiUrl, token, saveUnreachable);
  const registry = await appRegistry();
  await registry.moveRemote(tokenBox(), id, apiUrl, token);
  if (probe.reachable) await registry.recordOps(id, probe.offered);
  return { app: await mustGet(id), probe };
}

/** Deletes an app once its name is typed; a bundled app's data goes with it. */
export async function deleteApp(id: number, confirm: string) {
  await requirePermission('apps.manage');
  const app = await mustGet(id);
  if (!confirms(confirm, app.name))
    throw new ConsoleError('invalid', 'Type the app’s name exactly to delete it.', { field: 'confirm' });
  if (app.isDefault) throw new ConsoleError('conflict', 'The default app can be disabled, but not deleted.');
  if (!(await (await appRegistry()).remove(await engineApps(), app)))
    throw new ConsoleError('not_found', 'There is no such app.');
  return { id, name: app.name, kind: app.kind };
}

/** How a remote app's backend answered this server's calls in the last hour (the Overview's Needs attention). */
export async function backendLastHour(app: Pick<ConsoleApp, 'id'>) {
  await requirePermission('overview.view');
  return (await appBackends()).reachability.lastHour(app.id);
}
