import 'server-only';
import { headers } from 'next/headers';

/**
 * CSRF defence for server actions, on top of SameSite cookies and Next's own check: the
 * request must carry an Origin naming this very host. A missing Origin, `Origin: null`, a
 * malformed one, or one that only matches a forged X-Forwarded-Host is refused.
 */
export async function isSameOrigin(): Promise<boolean> {
  const h = await headers();
  const origin = h.get('origin');
  const host = h.get('host');
  if (!origin || origin === 'null' || !host) return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host;
  } catch {
    return false;
  }
}
