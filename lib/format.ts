/**
 * Times as the console shows them (browser-safe). The first render, on the server and during
 * hydration, shows the exact time in the operator's time zone (sent once by the browser, in a
 * cookie: lib/time-zone.tsx), in one fixed form both sides agree on, or in UTC, labelled, before
 * the browser has said it; the browser then shows how long ago or how far ahead the time is,
 * with the exact local time and its zone on hover and for screen readers.
 */
export function utcText(ts: number): string {
  return `${new Date(ts * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The time in time zone `zone` (an IANA name), one fixed form on server and browser: "Dec 7, 2026, 11:34 GMT+5:30". */
export function zonedText(ts: number, zone: string): string {
  if (zone === 'UTC') return utcText(ts);
  return new Date(ts * 1000).toLocaleString('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
}

/** Where the browser says its time zone, once (lib/time-zone.tsx); the server renders times in it. */
export const TIME_ZONE_COOKIE = 'tz';

/** `zone` when it is a time zone this runtime knows, else UTC (a cookie is never trusted as given). */
export function knownZone(zone: string | undefined): string {
  if (!zone || zone.length > 64) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

export function localText(ts: number): string {
  // (dateStyle/timeStyle cannot be combined with timeZoneName: the parts are named instead.)
  return new Date(ts * 1000).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 minutes ago", "in 11 months", "now". */
export function relativeText(ts: number, now = Date.now() / 1000): string {
  const delta = ts - now;
  for (const [unit, seconds] of UNITS) {
    if (Math.abs(delta) >= seconds || unit === 'second') {
      return Math.abs(delta) < 10 && unit === 'second' ? 'now' : relative.format(Math.round(delta / seconds), unit);
    }
  }
  return 'now';
}
