import type { Metadata } from 'next';
import { connection } from 'next/server';
import { ErrorCard } from '@/components/error-card';

export const metadata: Metadata = { title: 'Bad request' };

/**
 * The console's 400, for an address whose percent-escapes are not valid UTF-8 (say
 * /apps/1/users/%FF): the server (server.ts) answers such a request with this page and
 * status 400 instead of letting the router fail on it. Rendered per request, as the 404 is.
 */
export default async function BadRequest() {
  await connection();
  return (
    <ErrorCard code={400} title="Bad request">
      This address holds characters that are not valid: a percent-escape that is not UTF-8. Check the link, or start
      again from the overview.
    </ErrorCard>
  );
}
