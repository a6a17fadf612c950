import Link from 'next/link';
import type { Refusal } from '@/lib/dal/page-data';
import { appHref } from '@/lib/domain/app-paths';
import { RetryButton } from './retry-button';
import { ErrorNotice } from './ui/states';

/**
 * In place of a page of an app: not for this role; not among this operator's apps (with a link
 * to the first of its own); or the error that kept the app from being opened (with its request
 * id, and Retry).
 */
export function Forbidden({ reason = 'role' }: { reason?: Refusal }) {
  if (typeof reason === 'object' && !('notYours' in reason))
    return (
      <div className="space-y-2">
        <h1 className="text-lg font-semibold">This app could not be opened</h1>
        <ErrorNotice error={reason}>
          <RetryButton />
        </ErrorNotice>
      </div>
    );
  const home = typeof reason === 'object' ? reason.notYours : undefined;
  return (
    <div
      role="alert"
      className="rounded-lg border border-amber-300 bg-amber-50 p-6 dark:border-amber-800 dark:bg-amber-950"
    >
      <h1 className="text-lg font-semibold">
        {reason === 'role' ? 'Not available to your role' : 'This app is not among yours'}
      </h1>
      <p className="mt-1 text-sm">
        {reason === 'role'
          ? 'Ask an administrator if you need access to this page.'
          : 'You may use only some apps of this console. Ask an administrator if you need this one.'}
      </p>
      {home && (
        <p className="mt-3 text-sm">
          <Link href={appHref(home.id)} className="font-medium underline">
            Go to {home.name}
          </Link>
        </p>
      )}
    </div>
  );
}
