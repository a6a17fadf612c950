/**
 * The rules for a *new* address, shared by the engine (which refuses to create such a user)
 * and the console's forms (which say so before asking). Pure, so browser code may import it.
 *
 * Lookups match an address exactly as sent, so users created before these rules stay
 * reachable; but a new address must not be easy to confuse with another: no whitespace at
 * either end (" alice" looks like "alice"), no `*` (the wildcard of usersget patterns), and
 * no invisible formatting, bidirectional-control, C1-control, separator or lone-surrogate
 * characters (zero-width spaces, right-to-left marks and the like), nor characters that
 * display as blanks (Hangul fillers, the blank Braille pattern).
 */
const INVISIBLE = /[\p{Cf}\p{Cc}\p{Zl}\p{Zp}\p{Cs}]/u;
/**
 * Letters and marks that render as blank space although Unicode does not class them as
 * spaces or formatting: the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), the blank
 * Braille pattern (U+2800) and the combining grapheme joiner (U+034F).
 */
const BLANK_LOOKING = /\u115f|\u1160|\u3164|\uffa0|\u2800|\u034f/u;

export type NewAddressProblem = 'whitespace' | 'wildcard' | 'invisible';

export function newAddressProblem(a: string): NewAddressProblem | undefined {
  if (a !== a.trim()) return 'whitespace';
  if (a.includes('*')) return 'wildcard';
  if (INVISIBLE.test(a) || BLANK_LOOKING.test(a)) return 'invisible';
  return undefined;
}

export const NEW_ADDRESS_RULES: Record<NewAddressProblem, string> = {
  whitespace: 'must not start or end with whitespace',
  wildcard: 'must not contain * (the wildcard of usersget patterns)',
  invisible:
    'must not contain invisible, blank-looking or control characters (zero-width spaces, bidirectional marks, Hangul fillers and the like)',
};

/** The same rules in the console's words, for its forms and pages. */
export const NEW_ADDRESS_MESSAGES = {
  whitespace: 'An address cannot start or end with a space.',
  wildcard: 'An address cannot contain * (it is the search wildcard).',
  invisible:
    'An address cannot contain invisible or blank-looking characters (zero-width spaces, direction marks, Hangul fillers and the like).',
} as const;

/** What is wrong with `address` as a new user's address, in the console's words; undefined when nothing. */
export function newAddressMessage(address: string): string | undefined {
  const problem = newAddressProblem(address);
  return problem && NEW_ADDRESS_MESSAGES[problem];
}
