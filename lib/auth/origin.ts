import 'server-only';
import { headers } from 'next/headers';
import { originMatchesHost } from '@/lib/server/same-origin';

/**
 * CSRF defence for server actions, on top of SameSite cookies and Next's own check: the
 * request must carry an Origin naming this very host (see originMatchesHost).
 */
export async function isSameOrigin(): Promise<boolean> {
  const h = await headers();
  return originMatchesHost(h.get('origin'), h.get('host'));
}
