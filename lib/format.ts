/**
 * Times as the console shows them (browser-safe). The server cannot know the operator's
 * time zone, so the first render, on the server and during hydration, shows a fixed UTC
 * form that both sides agree on; the browser then switches to its own local time.
 */
export function utcText(ts: number): string {
  return `${new Date(ts * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function localText(ts: number): string {
  return new Date(ts * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
