import { z } from 'zod';
import { splitAddresses } from '@/lib/domain/address-list';
import { NEW_ADDRESS_MESSAGES, newAddressProblem } from '@/lib/domain/address-rules';
import { DEFAULT_TOKEN_MINUTES, MAX_TOKEN_MINUTES } from '@/lib/domain/token-lifetime';

/**
 * Field rules shared by console forms (in the browser) and server actions (on the server).
 *
 * An address that names an existing user is used exactly as given, never trimmed: " alice"
 * and "alice" are two users, and acting on one must never land on the other.
 */
export const Address = z
  .string({ error: 'Enter an address.' })
  .min(1, { error: 'Enter an address.' })
  .max(63, { error: 'An address has at most 63 characters.' })
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { error: 'An address cannot contain control characters.' });

/** The address of a user about to be created: the backend's rules for new addresses, said first. */
export const NewAddress = Address.superRefine((s, ctx) => {
  const problem = newAddressProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: NEW_ADDRESS_MESSAGES[problem] });
});

export const DisplayName = z.string().trim().max(128, { error: 'A name has at most 128 characters.' });

/** An App ID as given (an existing token's, to remove it): exact, never trimmed. */
export const AppId = z
  .string()
  .min(1, { error: 'Enter an App ID (for example com.example.app, or web).' })
  .max(128, { error: 'An App ID has at most 128 characters.' })
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { error: 'An App ID cannot contain control characters.' });

/** An App ID to issue a token for: no spaces at either end, which nobody could see. */
export const NewAppId = AppId.refine((s) => s === s.trim(), { error: 'An App ID cannot start or end with a space.' });

export const ExpiryMinutes = z.coerce
  .number({ error: 'Enter a number of minutes.' })
  .int({ error: 'Enter a whole number of minutes.' })
  .min(0, { error: 'Use 0 for a token that never expires, or a positive number of minutes.' })
  .max(MAX_TOKEN_MINUTES, { error: `At most ${MAX_TOKEN_MINUTES.toLocaleString('en')} minutes (100 years).` })
  .default(DEFAULT_TOKEN_MINUTES);

export const Gid = z.coerce
  .number({ error: 'Not a group id.' })
  .int()
  .positive({ error: 'Not a group id.' })
  .max(Number.MAX_SAFE_INTEGER, { error: 'Not a group id.' });

/** A group id given as a URL's `gid`: its refusal names the parameter. */
const GID_PARAM = 'gid must be a group id (a positive whole number).';
export const GidParam = z.coerce
  .number({ error: GID_PARAM })
  .int({ error: GID_PARAM })
  .positive({ error: GID_PARAM })
  .max(Number.MAX_SAFE_INTEGER, { error: GID_PARAM });

/** A keyset cursor as lists hand it out (the last id of the previous page); absent on the first page. */
/**
 * A list's cursor as the URL carries it: the last id of the page before, a list by last seen's
 * time and id, or a search's opaque `next` (lib/db/search.ts: base64url). No comma: the URL's
 * trail of earlier pages joins them with commas.
 */
export const LIST_CURSOR = /^[A-Za-z0-9_:-]{1,700}$/;
export const SearchCursor = z.string().regex(LIST_CURSOR);
export const Cursor = z
  .string()
  .regex(/^\d{1,16}$/)
  .optional();

const quoted = (a: string) => JSON.stringify(a);

/**
 * A box of addresses as typed (Add members, Send message's To, and every later list of
 * addresses): split by `splitAddresses`, each address held to the rule for new addresses,
 * and a refusal names the addresses that broke it (the first five) and why.
 */
export function AddressList(opts: { max: number; maxMessage: string; maxChars: number; min?: string }) {
  return z
    .string()
    .max(opts.maxChars, { error: `At most ${opts.maxChars.toLocaleString('en')} characters.` })
    .transform(splitAddresses)
    .superRefine((list, ctx) => {
      if (opts.min && list.length === 0) ctx.addIssue({ code: 'custom', message: opts.min });
      if (list.length > opts.max) ctx.addIssue({ code: 'custom', message: opts.maxMessage });
      const bad = list.flatMap((a) => {
        const invalid = Address.safeParse(a).error?.issues[0]?.message;
        const problem = newAddressProblem(a);
        const why = invalid ?? (problem && NEW_ADDRESS_MESSAGES[problem]);
        return why ? [`${quoted(a)} (${why})`] : [];
      });
      if (bad.length === 0) return;
      const named = bad.slice(0, 5).join('; ');
      const more = bad.length > 5 ? ` and ${bad.length - 5} more` : '';
      ctx.addIssue({
        code: 'custom',
        message: `${bad.length === 1 ? 'This address is' : `${bad.length} addresses are`} not allowed: ${named}${more}. Addresses are kept exactly as typed: one per line, or separated by commas.`,
      });
    });
}
