import 'server-only';
import { redirect } from 'next/navigation';
import type { Operator } from '@/lib/console/operators';
import { can, type Permission } from '@/lib/console/roles';
import { currentOperator } from './session';

/**
 * For pages: the operator when its role has `permission`; null when it has not (the page
 * then shows a refusal); a redirect to /login when nobody is signed in.
 */
export async function pageOperator(permission: Permission, path: string): Promise<Operator | null> {
  const operator = await currentOperator();
  if (!operator) redirect(`/login?next=${encodeURIComponent(path)}`);
  return can(operator.role, permission) ? operator : null;
}
