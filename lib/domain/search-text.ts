/**
 * How support staff search for people: case and accents never matter. "MAYA.ro@Example.org"
 * finds maya.ro@example.org, "rodri" finds "Maya Rodríguez", "237234" finds that uid. The
 * keys are computed here, in one place, for every store that searches (the bundled backend,
 * the console's directory) and for the browser that says what a search will match: SQLite's
 * own lower() folds only ASCII, so no store derives a key by itself.
 *
 * Pure: no I/O, safe in the browser.
 */

/** What an address is found by: lower case (every script, not only ASCII), composed (NFC). */
export function addressKey(address: string): string {
  return address.normalize('NFC').toLowerCase();
}

/**
 * The words of a name as they are searched: lower case, accents and other marks removed
 * (NFD, then the combining marks dropped), split at anything that is not a letter or a
 * digit, each once, in order.
 */
export function nameWords(name: string): string[] {
  const folded = foldMarks(name).toLowerCase();
  return [...new Set(folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean))];
}

/**
 * What a group is found by: the words of its name (as `nameWords`), each after a space (" maya
 * team"), so that "a word that starts with" is `LIKE '% word%'`.
 */
export function nameKey(name: string): string {
  return nameWords(name)
    .map((w) => ` ${w}`)
    .join('');
}

/** A search as typed, as its words are compared: lower case, without accents. */
export function foldedSearch(q: string): string {
  return foldMarks(q).toLowerCase().trim();
}

const foldMarks = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC');

/** What a search can match: the uid when it is a whole number (and within a uid's range). */
export function uidOf(q: string): number | undefined {
  const t = q.trim();
  if (!/^\d{1,15}$/.test(t)) return undefined;
  const n = Number(t);
  return n > 0 ? n : undefined;
}
