import { parseArgs } from 'node:util';
import { openBackend } from '@/lib/backend';
import { APP_TOKEN_LENGTH, randomToken } from '@/lib/backend/secrets';
import { env, serverKey } from '@/lib/env';
import { EnvError } from '@/lib/env-schema';

/**
 * `npm run backend -- <command>`: administration of the bundled backend's apps. Works on
 * the same database as the server (SQLite in DATA_DIR or DATABASE_URL), also while the
 * server runs; the server sees changes within a second.
 */
const HELP = `Usage: npm run backend -- <command> [options]

Commands:
  apps                  List apps: id, name, state, client addresses seen
  create-app <name>     Create an app and print its app token (shown once)
  rotate <id>           Give app <id> a new app token (printed once); re-enables it after a
                        token breach and forgets the client addresses it had seen
  enable <id>           Re-enable app <id> (also after a token breach) and forget its addresses
  disable <id>          Disable app <id>: its calls answer APPDISABLED until enabled
  new-token             Print a random app token, e.g. for MESIBO_APP_TOKEN
  help                  Show this help

Options:
  --quiet, -q           Print only the token (create-app, rotate), for scripts:
                        APP=$(npm run -s backend -- create-app demo -q)`;

const STATES = ['enabled', 'disabled by an administrator', 'disabled: token breach'];

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command = 'help', arg] = positionals;
  const say = (s: string) => process.stdout.write(`${s}\n`);
  if (command === 'help' || values.help) return say(HELP);
  if (command === 'new-token') return say(randomToken(APP_TOKEN_LENGTH));

  const config = env();
  const { engine, createdToken } = await openBackend({
    secretKey: serverKey(),
    dataDir: config.dataDir,
    databaseUrl: config.DATABASE_URL,
    appToken: config.MESIBO_APP_TOKEN,
    breachMaxAddresses: config.BREACH_MAX_IPS,
    breachWindowHours: config.BREACH_WINDOW_HOURS,
  });
  if (createdToken) {
    // This command created the database: the default app's token exists only now.
    process.stderr.write(`Created the default app. Its app token (shown once, store it now): ${createdToken}\n`);
  }
  const apps = engine.apps;
  const appId = () => {
    const id = Number(arg);
    if (!Number.isInteger(id) || id < 1)
      throw new UsageError(`${command} needs an app id (see: npm run backend -- apps).`);
    return id;
  };
  try {
    switch (command) {
      case 'apps': {
        const list = await apps.list();
        say('id  name                  state                             addresses');
        for (const a of list) {
          say(
            `${String(a.id).padEnd(3)} ${(a.name + (a.isDefault ? ' (default)' : '')).padEnd(21)} ${STATES[a.state].padEnd(33)} ${a.addresses} of ${a.limit} in ${a.windowHours} h`,
          );
        }
        break;
      }
      case 'create-app': {
        if (!arg) throw new UsageError('create-app needs a name, e.g. npm run backend -- create-app my-app');
        const { app, token } = await apps.create(arg.slice(0, 128));
        if (values.quiet) say(token);
        else say(`Created app ${app.id} "${app.name}".\nApp token (shown once, store it now): ${token}`);
        break;
      }
      case 'rotate': {
        const { app, token } = await apps.rotate(appId());
        if (values.quiet) say(token);
        else {
          say(`App ${app.id} "${app.name}" has a new app token; the old one no longer works.`);
          say(`App token (shown once, store it now): ${token}`);
          if (app.isDefault && config.MESIBO_APP_TOKEN)
            say('Note: MESIBO_APP_TOKEN is set; update it, or the next server start restores the old token.');
        }
        break;
      }
      case 'enable':
      case 'disable': {
        const app = await apps.setEnabled(appId(), command === 'enable');
        say(`App ${app.id} "${app.name}" is now ${STATES[app.state]}.`);
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
