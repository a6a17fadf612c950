import 'server-only';
import { AppRegistry } from '@/lib/console/apps';
import { type SecretBox, secretBox } from '@/lib/console/secret-box';
import { env, serverKey } from '@/lib/env';
import { bundledBackend } from './backend';

/**
 * The registry of apps as this process configures it (BUNDLED_BACKEND, and the remote app
 * MESIBO_API_URL defines), brought up to date on first use; and the box that seals remote
 * app tokens under the server key. Both are created once per process.
 */
let registry: Promise<AppRegistry> | undefined;

export function appRegistry(): Promise<AppRegistry> {
  registry ??= (async () => {
    const e = env();
    const r = new AppRegistry((await bundledBackend()).engine.db, {
      bundled: e.BUNDLED_BACKEND,
      envRemoteUrl: e.MESIBO_API_URL,
      envRemoteToken: e.MESIBO_API_URL ? e.MESIBO_APP_TOKEN : undefined,
    });
    await r.sync();
    return r;
  })();
  return registry;
}

let box: SecretBox | undefined;

export function tokenBox(): SecretBox {
  box ??= secretBox(serverKey());
  return box;
}
