import { z } from 'zod';
import { Address, AddressList, Cursor } from './common';

export const SendMessageInput = z
  .object({
    from: Address,
    to: AddressList({ maxChars: 20_000, max: 1000, maxMessage: 'At most 1,000 recipients.' }).prefault(''),
    gid: z
      .union([z.literal(''), z.coerce.number().int().positive({ error: 'A group id is a positive number.' })])
      .optional()
      .transform((v) => (v === '' ? undefined : v)),
    message: z
      .string()
      .trim()
      .min(1, { error: 'Write a message.' })
      .max(65_536, { error: 'At most 65,536 characters.' }),
  })
  .refine((v) => v.to.length > 0 || v.gid !== undefined, {
    error: 'Give recipients in To, or a group in Group.',
    path: ['to'],
  })
  .refine((v) => !(v.to.length > 0 && v.gid !== undefined), {
    error: 'Send either to users or to a group, not both.',
    path: ['gid'],
  });

export const MessageFilter = z.object({
  // Addresses, used exactly as typed (never trimmed: " alice" is not "alice").
  from: z.string().max(63).default(''),
  to: z.string().max(63).default(''),
  /** A conversation: from, or directly to, this address. */
  with: z.string().max(63).default(''),
  gid: z
    .string()
    .regex(/^\d{0,16}$/)
    .default('')
    .catch(''),
  mid: z
    .string()
    .regex(/^\d{0,16}$/)
    .default('')
    .catch(''),
  /** Days (YYYY-MM-DD) in the operator's time zone, checked with the range where it is read (lib/dal/messages.ts). */
  since: z.string().max(10).default('').catch(''),
  until: z.string().max(10).default('').catch(''),
  cursor: Cursor.catch(undefined),
});
