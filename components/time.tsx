'use client';

import { useSyncExternalStore } from 'react';
import { localText, utcText } from '@/lib/format';

const subscribe = () => () => undefined;

/**
 * A time (epoch seconds): UTC while the server renders and the page hydrates, so both
 * agree whatever the browser's time zone; local time right after. The exact UTC time is
 * kept in `dateTime` and on hover.
 */
export function Time({ ts, empty = '—' }: { ts?: number; empty?: string }) {
  const hydrated = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  if (!ts) return <>{empty}</>;
  const iso = new Date(ts * 1000).toISOString();
  return (
    <time dateTime={iso} title={utcText(ts)}>
      {hydrated ? localText(ts) : utcText(ts)}
    </time>
  );
}
