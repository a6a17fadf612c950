import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { openBackend } from '@/lib/backend';
import { APP_TOKEN_LENGTH, randomToken } from '@/lib/backend/secrets';
import { AppRegistry } from '@/lib/console/apps';
import { recordAudit } from '@/lib/console/audit';
import { endBreaches } from '@/lib/console/breaches';
import { CONSOLE_MIGRATIONS } from '@/lib/console/migrations';
import { secretBox } from '@/lib/console/secret-box';
import { endOtherSessions } from '@/lib/console/sessions';
import { sealServerKeyCheck } from '@/lib/console/settings';
import { clearLocks } from '@/lib/console/signin-locks';
import { TwoFactorStore } from '@/lib/console/two-factor';
import { WebhookStore } from '@/lib/console/webhooks';
import { type AppState, ENVIRONMENTS } from '@/lib/domain/apps';
import { backendConfig, bundledAppToken, env, serverKey, serverKeyRotation } from '@/lib/env';
import { EnvError } from '@/lib/env-schema';

/**
 * `npm run backend -- <command>`: administration of the apps the console knows (the same
 * registry and states the Apps page shows). Works on the same database as the server (SQLite
 * in DATA_DIR or DATABASE_URL), also while the server runs; the server sees changes within a
 * second. App ids are the console's (the <app> of its URLs).
 */
const HELP = `Usage: npm run backend -- <command> [options]

Commands:
  apps                  List apps: id, kind, environment, name, state, client addresses seen
  create-app <name>     Create a bundled app and print its app token (shown once)
  rotate <id>           Give bundled app <id> a new app token (printed once); re-enables it after
                        a token breach and forgets the client addresses it had seen
  enable <id>           Enable app <id> (a bundled one also after a token breach)
  disable <id>          Disable app <id>: a bundled app's calls answer APPDISABLED until enabled;
                        the console stops calling a remote one
  reset-two-factor <e-mail>
                        Turn off an operator's two-factor sign-in and end its sessions: for the
                        last admin who lost both the device and the recovery codes (an admin
                        resets anyone else's on the Operators page)
  rotate-server-key     Re-seal every stored remote app token, webhook secret and operator's
                        two-factor secret under a new server key. Stop the server(s) first.
                        With CONSOLE_SECRET_KEY set: put the new key there and
                        the old one in OLD_CONSOLE_SECRET_KEY. Without it (SQLite): a new key is
                        generated into DATA_DIR/console-secret-key. Pending one-time passwords
                        stop matching (they are keyed by it too).
  new-token             Print a random app token, e.g. for MESIBO_APP_TOKEN
  help                  Show this help

Options:
  --environment <env>   create-app: production, staging or development (default development)
  --quiet, -q           Print only the token (create-app, rotate), for scripts:
                        APP=$(npm run -s backend -- create-app demo -q)`;

const STATES: Record<AppState, string> = {
  enabled: 'enabled',
  disabled: 'disabled by an administrator',
  breach: 'disabled: token breach',
};

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
      environment: { type: 'string', default: 'development' },
    },
  });
  const [command = 'help', arg] = positionals;
  const say = (s: string) => process.stdout.write(`${s}\n`);
  if (command === 'help' || values.help) return say(HELP);
  if (command === 'new-token') return say(randomToken(APP_TOKEN_LENGTH));

  const config = env();
  const { engine, createdToken } = await openBackend({ ...backendConfig(), migrations: CONSOLE_MIGRATIONS });
  if (createdToken) {
    // This command created the database: the default app's token exists only now.
    process.stderr.write(`Created the default app. Its app token (shown once, store it now): ${createdToken}\n`);
  }
  const registry = new AppRegistry(engine.db, {
    bundled: config.BUNDLED_BACKEND,
    envRemoteUrl: config.MESIBO_API_URL,
    envRemoteToken: config.MESIBO_API_URL ? config.MESIBO_APP_TOKEN : undefined,
  });
  await registry.sync();
  const app = async () => {
    const id = Number(arg);
    const found = Number.isInteger(id) && id >= 1 ? await registry.get(id) : undefined;
    if (!found) throw new UsageError(`${command} needs the id of an app (see: npm run backend -- apps).`);
    return found;
  };
  try {
    switch (command) {
      case 'apps': {
        say('id  kind     environment  name                  state                          addresses / backend');
        for (const a of await registry.list()) {
          const where =
            a.kind === 'bundled' && a.engineAppId !== undefined
              ? await engine.apps
                  .get(a.engineAppId)
                  .then((s) => `${s?.addresses ?? 0} of ${s?.limit} in ${s?.windowHours} h`)
              : (a.apiUrl ?? '');
          say(
            `${String(a.id).padEnd(3)} ${a.kind.padEnd(8)} ${a.environment.padEnd(12)} ${(a.name + (a.isDefault ? ' (default)' : '')).padEnd(21)} ${STATES[a.state].padEnd(30)} ${where}`,
          );
        }
        break;
      }
      case 'create-app': {
        if (!arg) throw new UsageError('create-app needs a name, e.g. npm run backend -- create-app my-app');
        const environment = ENVIRONMENTS.find((e) => e === values.environment);
        if (!environment) throw new UsageError(`--environment must be one of: ${ENVIRONMENTS.join(', ')}.`);
        const created = await registry.createBundled(engine.apps, arg.slice(0, 128), environment);
        if (values.quiet) say(created.token);
        else
          say(
            `Created app ${created.app.id} "${created.app.name}".\nApp token (shown once, store it now): ${created.token}`,
          );
        break;
      }
      case 'rotate': {
        const target = await app();
        if (target.kind !== 'bundled' || target.engineAppId === undefined)
          throw new UsageError(`App ${target.id} is remote: replace its token on its settings page in the console.`);
        const { token } = await engine.apps.rotate(target.engineAppId);
        const afterBreach = (await endBreaches(engine.db, target.id, Math.floor(Date.now() / 1000))) > 0;
        if (values.quiet) say(token);
        else {
          say(`App ${target.id} "${target.name}" has a new app token; the old one no longer works.`);
          if (afterBreach) say('It was disabled by a token breach: it is enabled again with the new token.');
          say(`App token (shown once, store it now): ${token}`);
          if (target.isDefault && bundledAppToken())
            say('Note: MESIBO_APP_TOKEN is set; update it, or the next server start restores the old token.');
        }
        break;
      }
      case 'enable':
      case 'disable': {
        const target = await app();
        await registry.setEnabled(engine.apps, target, command === 'enable');
        const now = await registry.get(target.id);
        say(`App ${target.id} "${target.name}" is now ${now ? STATES[now.state] : 'gone'}.`);
        break;
      }
      case 'reset-two-factor': {
        const row = arg
          ? await engine.db.get<{ id: number }>('SELECT id FROM operators WHERE email = ?', [arg.trim().toLowerCase()])
          : undefined;
        if (!arg) throw new UsageError('reset-two-factor needs the e-mail of an operator.');
        if (!row) throw new UsageError(`No operator has the e-mail ${arg}.`);
        const id = Number(row.id);
        const was = await new TwoFactorStore(engine.db, secretBox(serverKey())).turnOff(id);
        await clearLocks(engine.db, id);
        const ended = await endOtherSessions(engine.db, id);
        await recordAudit(engine.db, {
          operatorEmail: '(command line)',
          role: 'admin',
          action: 'operator.two_factor.reset',
          target: arg.trim().toLowerCase(),
          outcome: 'ok',
          detail: `Two-factor sign-in reset from the command line; ${ended} session(s) ended`,
        });
        say(
          was
            ? `Two-factor sign-in of ${arg} is off; ${ended} session(s) ended. They sign in with their password and set it up again.`
            : `Two-factor sign-in of ${arg} was off already; ${ended} session(s) ended.`,
        );
        break;
      }
      case 'rotate-server-key': {
        const rotation = serverKeyRotation(randomBytes(48).toString('base64url'));
        const { resealed, unreadable } = await registry.reseal(secretBox(rotation.from), secretBox(rotation.to));
        const hooks = await new WebhookStore(engine.db, secretBox(rotation.from)).reseal(
          secretBox(rotation.from),
          secretBox(rotation.to),
        );
        const totp = await new TwoFactorStore(engine.db, secretBox(rotation.from)).reseal(
          secretBox(rotation.from),
          secretBox(rotation.to),
        );
        await sealServerKeyCheck(engine.db, secretBox(rotation.to));
        rotation.commit();
        say(`Re-sealed ${resealed} stored app token${resealed === 1 ? '' : 's'} under the new server key.`);
        say(`Re-sealed the two-factor secret of ${totp.resealed} operator${totp.resealed === 1 ? '' : 's'}.`);
        if (totp.unreadable.length)
          say(
            `Could not open the two-factor secret of operator${totp.unreadable.length === 1 ? '' : 's'} ${totp.unreadable.join(', ')}: they sign in with a recovery code, or an admin uses Reset two-factor.`,
          );
        say(`Re-sealed the webhook URL and secret of ${hooks.resealed} app${hooks.resealed === 1 ? '' : 's'}.`);
        if (hooks.unreadable.length)
          say(
            `Could not open the webhook secret of app${hooks.unreadable.length === 1 ? '' : 's'} ${hooks.unreadable.join(', ')}: use New URL and New secret on its Webhooks page.`,
          );
        if (unreadable.length)
          say(
            `Could not open the stored token of app${unreadable.length === 1 ? '' : 's'} ${unreadable.join(', ')} with the old key: replace ${unreadable.length === 1 ? 'it' : 'them'} on the settings page.`,
          );
        say('Start the server(s) again (with the new CONSOLE_SECRET_KEY, if you set one).');
        break;
      }
      default:
        throw new UsageError(`Unknown command "${command}".\n\n${HELP}`);
    }
  } finally {
    await engine.db.close();
  }
}

class UsageError extends Error {}

main().catch((e) => {
  if (e instanceof UsageError || e instanceof EnvError) process.stderr.write(`${e.message}\n`);
  else process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
