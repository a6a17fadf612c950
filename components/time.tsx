'use client';

import { localText, relativeText, zonedText } from '@/lib/format';
import { useTimeZone } from '@/lib/time-zone';
import { useHydrated } from '@/lib/use-hydrated';

/**
 * A time (epoch seconds): in the operator's time zone (lib/time-zone.tsx; UTC, labelled, until
 * the browser has said it) while the server renders and the page hydrates, one form both agree
 * on; then relative ("3 minutes ago", "in 11 months"), with the exact local time and its zone on
 * hover and read out to screen readers.
 */
export function Time({ ts, empty = '—' }: { ts?: number; empty?: string }) {
  const hydrated = useHydrated();
  const zone = useTimeZone();
  if (!ts) return <>{empty}</>;
  const iso = new Date(ts * 1000).toISOString();
  if (!hydrated) {
    const text = zonedText(ts, zone);
    return (
      <time dateTime={iso} title={text}>
        {text}
      </time>
    );
  }
  const exact = localText(ts);
  return (
    <time dateTime={iso} title={exact}>
      {relativeText(ts)}
      <span className="sr-only"> ({exact})</span>
    </time>
  );
}

/** An "Expired" badge for a time (epoch seconds, 0 = never) that has passed. */
export function ExpiredBadge({ expires }: { expires: number }) {
  const hydrated = useHydrated();
  if (!hydrated || expires === 0 || expires * 1000 > Date.now()) return null;
  return (
    <span className="ml-1.5 inline-block rounded bg-red-100 px-1.5 align-middle text-xs font-medium text-red-800 dark:bg-red-900 dark:text-red-100">
      Expired
    </span>
  );
}
