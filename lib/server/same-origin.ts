/**
 * Whether a request's Origin header names this very host: a missing Origin, `Origin: null`,
 * a malformed one, or another host (say one that matches only a forged X-Forwarded-Host) is
 * not. Pure, so both the custom server and the server actions use this one rule.
 */
export function originMatchesHost(origin: string | null | undefined, host: string | null | undefined): boolean {
  if (!origin || origin === 'null' || !host) return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host;
  } catch {
    return false;
  }
}
