import UAParser from 'ua-parser-js';

/**
 * A session's browser in words from its User-Agent ("Firefox 133 on Windows", "Safari on
 * iPhone"), parsed by ua-parser-js: the table of browsers and systems is kept there, not here.
 * What it cannot name is said plainly, with the agent's first word ("curl/8.5.0") when there
 * is one, cut short: the header is the client's to choose.
 */
export function browserName(userAgent: string): string {
  if (!userAgent.trim()) return 'Unknown browser';
  const { browser, os, device } = new UAParser(userAgent).getResult();
  const first = userAgent.trim().split(/\s/)[0].slice(0, 40);
  const name = browser.name ? [browser.name, browser.major].filter(Boolean).join(' ') : `Unknown browser (${first})`;
  const where = device.model && device.type === 'mobile' ? device.model : os.name;
  return where ? `${name} on ${where}` : name;
}
