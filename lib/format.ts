/**
 * Times as the console shows them (browser-safe). The server cannot know the operator's
 * time zone, so the first render, on the server and during hydration, shows a fixed UTC
 * form that both sides agree on; the browser then shows how long ago or how far ahead the
 * time is, with the exact local time and its zone on hover and for screen readers.
 */
export function utcText(ts: number): string {
  return `${new Date(ts * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
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
