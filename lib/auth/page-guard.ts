import 'server-only';
import { redirect } from 'next/navigation';
import type { Operator } from '@/lib/console/operators';
import type { RoleNeed } from '@/lib/console/roles';
import { AuthError } from '@/lib/errors';
import { admit } from './gate';

/**
 * For pages: the operator when its role has `permission` (`{ anyOf: [] }`: any role); null when it has not (the page
 * then shows a refusal); a redirect to /login when nobody is signed in.
 */
export async function pageOperator(permission: RoleNeed, path: string): Promise<Operator | null> {
  try {
    return (await admit({ role: permission })).operator;
  } catch (e) {
    if (!(e instanceof AuthError)) throw e;
    if (e.kind === 'unauthorized') redirect(`/login?next=${encodeURIComponent(path)}`);
    return null;
  }
}
