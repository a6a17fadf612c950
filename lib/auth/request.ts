import 'server-only';
import { headers } from 'next/headers';
import { consoleOrigin } from '@/lib/env';
import { CLIENT_ADDRESS_HEADER } from '@/lib/server/client-address';
import { originMatches } from '@/lib/server/same-origin';

/**
 * Facts about the current request that the guards need.
 *
 * CSRF defence for server actions, on top of SameSite cookies and Next's own check: the
 * request must carry an Origin that is exactly the console's (NEXTAUTH_URL's) origin.
 */
export async function isSameOrigin(): Promise<boolean> {
  return originMatches((await headers()).get('origin'), consoleOrigin());
}

/** The client's address as the custom server determined it (TRUST_PROXY applied). */
export async function requestClientAddress(): Promise<string> {
  return (await headers()).get(CLIENT_ADDRESS_HEADER) ?? 'unknown';
}
