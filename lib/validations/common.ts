import { z } from 'zod';

/** Field rules shared by console forms (in the browser) and server actions (on the server). */
export const Address = z
  .string({ error: 'Enter an address.' })
  .trim()
  .min(1, { error: 'Enter an address.' })
  .max(63, { error: 'An address has at most 63 characters.' })
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { error: 'An address cannot contain control characters.' });

export const DisplayName = z.string().trim().max(128, { error: 'A name has at most 128 characters.' });

export const AppId = z
  .string()
  .trim()
  .min(1, { error: 'Enter an App ID (for example com.example.app, or web).' })
  .max(128, { error: 'An App ID has at most 128 characters.' })
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { error: 'An App ID cannot contain control characters.' });

export const MAX_TOKEN_MINUTES = 52_560_000; // 100 years
export const ExpiryMinutes = z.coerce
  .number({ error: 'Enter a number of minutes.' })
  .int({ error: 'Enter a whole number of minutes.' })
  .min(0, { error: 'Use 0 for a token that never expires, or a positive number of minutes.' })
  .max(MAX_TOKEN_MINUTES, { error: 'At most 52,560,000 minutes (100 years).' });

export const Gid = z.coerce.number({ error: 'Not a group id.' }).int().positive({ error: 'Not a group id.' });

/** Splits a box of addresses separated by commas or new lines; blanks dropped, duplicates merged. */
export function splitAddresses(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n\r]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}
