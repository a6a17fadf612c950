import type { OperatorRow } from '@/lib/dal/operators';

/**
 * "Sign-in locked from 203.0.113.9 for 12 more minutes": relative, so it reads the same in
 * the operator's time zone as in the server's; the exact end (UTC) is on hover.
 */
export function LockNote({ locks }: { locks: OperatorRow['locks'] }) {
  const until = Math.max(...locks.map((l) => l.until));
  const minutes = Math.max(1, Math.ceil((until * 1000 - Date.now()) / 60_000));
  const iso = new Date(until * 1000).toISOString();
  return (
    <span className="block text-xs text-amber-800 dark:text-amber-300">
      Sign-in locked from {locks.map((l) => l.address).join(', ')} for{' '}
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
