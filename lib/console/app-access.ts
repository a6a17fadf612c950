import type { ConsoleApp } from './apps';
import type { Operator } from './operators';

/**
 * An app an operator was found allowed to use. Every function that reads or changes an
 * app's data takes one of these rather than a bare app or id, so none of them can be reached
 * without the check: only `grantApp` makes one.
 */
declare const granted: unique symbol;
export type AppAccess = ConsoleApp & { readonly [granted]: true };

export function mayUseApp(operator: Pick<Operator, 'apps'>, appId: number): boolean {
  return operator.apps === 'all' || operator.apps.includes(appId);
}

export function grantApp(operator: Pick<Operator, 'apps'>, app: ConsoleApp): AppAccess | undefined {
  return mayUseApp(operator, app.id) ? (app as AppAccess) : undefined;
}
