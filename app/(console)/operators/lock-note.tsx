import type { OperatorRow } from '@/lib/dal/operators';
import { CODE_LOCK } from '@/lib/domain/two-factor-policy';

/**
 * A "Locked" badge for an operator whose sign-in is locked from some address, with where
 * from and for how long: relative, so it reads the same in every time zone; the exact end
 * (UTC) is on hover.
 */
export function LockBadge({ locks }: { locks: OperatorRow['locks'] }) {
  const until = Math.max(...locks.map((l) => l.until));
  const minutes = Math.max(1, Math.ceil((until * 1000 - Date.now()) / 60_000));
  const iso = new Date(until * 1000).toISOString();
  return (
    <span className="mt-1 block text-xs text-amber-800 dark:text-amber-300">
      <span className="mr-1 rounded bg-amber-100 px-1.5 py-0.5 font-medium dark:bg-amber-900">Locked</span>
      {locks
        .map((l) => (l.address === CODE_LOCK ? 'after wrong authentication codes' : `from ${l.address}`))
        .join(', ')}{' '}
      for{' '}
      <time
        dateTime={iso}
        title={`Until ${iso}`}
        suppressHydrationWarning // the minute may turn between the server's render and the browser's
      >
        {minutes} more minute{minutes === 1 ? '' : 's'}
      </time>
    </span>
  );
}
