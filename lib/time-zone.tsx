'use client';

import { useRouter } from 'next/navigation';
import { createContext, type ReactNode, useContext, useEffect } from 'react';
import { TIME_ZONE_COOKIE } from './format';

/**
 * The operator's time zone, as the browser said it once (the TIME_ZONE_COOKIE): the server
 * renders times in it, so the first render already matches the browser's. UTC until said.
 */
const TimeZone = createContext('UTC');

export function TimeZoneScope({ zone, children }: { zone: string; children: ReactNode }) {
  const router = useRouter();
  useEffect(() => {
    const mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!mine || mine === zone) return;
    const secure = window.location.protocol === 'https:' ? '; secure' : '';
    // A plain IANA name, sent once; the next renders use it (no cookie library for one value).
    // biome-ignore lint/suspicious/noDocumentCookie: one plain value, set once, read by the server
    document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(mine)}; path=/; max-age=31536000; samesite=lax${secure}`;
    router.refresh();
  }, [zone, router]);
  return <TimeZone value={zone}>{children}</TimeZone>;
}

export const useTimeZone = () => useContext(TimeZone);
