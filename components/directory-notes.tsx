import Link from 'next/link';
import type { ReactNode } from 'react';
import { Time } from './time';

/**
 * What the console's own directory says about an entry, on apps whose backend cannot list
 * (mesibo's cloud): a change whose outcome is unknown, or an entry it does not know at all.
 */
export function UnconfirmedNote({ ts, what }: { ts?: number; what: 'user' | 'group' }) {
  if (!ts) return null;
  return (
    <p
      role="status"
      className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950"
    >
      Unconfirmed since <Time ts={ts} />: the backend did not answer a change to this {what}, so it may or may not have
      been applied. What is shown is the last confirmed state; the next change that succeeds confirms it.
    </p>
  );
}

export function NotInDirectory({ children }: { children: ReactNode }) {
  return (
    <section
      aria-labelledby="not-in-directory"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="not-in-directory" className="font-medium">
        Not in this console's directory
      </h2>
      {children}
    </section>
  );
}

/**
 * Above a list of the directory's users, for a search that is a whole address the directory does
 * not know: the user may exist on the backend all the same; its page says what can be done.
 */
export function UnknownAddressLink({ href, address }: { href: string; address: string }) {
  return (
    <p
      className="rounded-md border border-dashed border-slate-300 p-3 text-sm break-all dark:border-slate-700"
      data-testid="not-in-directory"
    >
      Not in this console's directory:{' '}
      <Link href={href} className="font-medium text-blue-700 underline dark:text-blue-400">
        Open {address}
      </Link>
    </p>
  );
}
