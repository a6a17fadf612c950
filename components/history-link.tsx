import Link from 'next/link';

/**
 * **History**: the audit log filtered to everything done to what the page shows (a user, a group,
 * an operator), within its app. Shown to roles that may read the audit log.
 */
export function HistoryLink({ href }: { href: string }) {
  return (
    <Link
      href={href}
      className="inline-flex min-h-7 items-center rounded-md px-2 py-0.5 text-xs text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:text-indigo-300"
    >
      History
    </Link>
  );
}
