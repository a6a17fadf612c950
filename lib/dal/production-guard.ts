import 'server-only';
import type { ConsoleApp } from '@/lib/console/apps';
import { confirms } from '@/lib/domain/confirmation';
import { ConsoleError } from '@/lib/errors';

/**
 * In a Production app, a destructive action must carry the target's name as typed by the
 * operator (`confirm`); elsewhere a plain confirmation is enough. Checked here, not only in
 * the dialog, so a direct call cannot skip it.
 */
export function requireTypedInProduction(
  app: Pick<ConsoleApp, 'environment'>,
  typed: string | undefined,
  expected: string,
  what: string,
) {
  if (app.environment !== 'production' || confirms(typed, expected)) return;
  throw new ConsoleError('invalid', `This is a Production app: type ${what} exactly to confirm.`, { field: 'confirm' });
}
