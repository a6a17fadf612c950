import type { Metadata } from 'next';
import { connection } from 'next/server';
import { ErrorCard } from '@/components/error-card';

export const metadata: Metadata = { title: 'Page not found' };

/**
 * The console's 404. Rendered per request (`connection()`), not prerendered: the CSP gives
 * every response a fresh nonce, and a page built ahead of time carries none, so the
 * browser would block its scripts.
 */
export default async function NotFound() {
  await connection();
  return (
    <ErrorCard code={404} title="Page not found">
      There is no page at this address. It may have moved, or the link may be mistyped.
    </ErrorCard>
  );
}
