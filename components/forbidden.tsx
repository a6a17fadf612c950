import type { ActionError } from '@/lib/result';
import { RetryButton } from './retry-button';
import { ErrorNotice } from './ui/states';

/**
 * In place of a page of an app: not for this role, not among this operator's apps, or the
 * error that kept the app from being opened (with its request id, and Retry).
 */
export function Forbidden({ reason = 'role' }: { reason?: 'role' | 'app' | ActionError }) {
  if (typeof reason === 'object')
    return (
      <div className="space-y-2">
        <h1 className="text-lg font-semibold">This app could not be opened</h1>
        <ErrorNotice error={reason}>
          <RetryButton />
        </ErrorNotice>
      </div>
    );
  return (
    <div
      role="alert"
      className="rounded-lg border border-amber-300 bg-amber-50 p-6 dark:border-amber-800 dark:bg-amber-950"
    >
      <h1 className="text-lg font-semibold">
        {reason === 'app' ? 'This app is not among yours' : 'Not available to your role'}
      </h1>
      <p className="mt-1 text-sm">
        {reason === 'app'
          ? 'You may use only some apps of this console. Ask an administrator if you need this one.'
          : 'Ask an administrator if you need access to this page.'}
      </p>
    </div>
  );
}
