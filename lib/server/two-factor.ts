import 'server-only';
import { TwoFactorStore } from '@/lib/console/two-factor';
import { tokenBox } from './apps';
import { consoleDb } from './db';

/** Operators' two-factor secrets and recovery codes in the console's database, sealed under the server key. */
export async function twoFactorStore(): Promise<TwoFactorStore> {
  return new TwoFactorStore(await consoleDb(), tokenBox());
}
