import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';

export const metadata: Metadata = { title: 'Page not found' };

/**
 * The console's 404. Rendered per request (`connection()`), not prerendered: the CSP gives
 * every response a fresh nonce, and a page built ahead of time carries none, so the
 * browser would block its scripts.
 */
export default async function NotFound() {
  await connection();
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <p className="text-sm font-medium text-slate-600 dark:text-slate-400">Error 404</p>
        <h1 className="mt-1 text-xl font-semibold">Page not found</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          There is no page at this address. It may have moved, or the link may be mistyped.
        </p>
        <Link
          href="/"
          className="mt-4 inline-flex min-h-9 items-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500"
        >
          Go to the overview
        </Link>
      </div>
    </main>
  );
}
