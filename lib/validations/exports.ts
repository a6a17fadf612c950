import { z } from 'zod';
import { DELIVERY_CHOICES, SEND_CHOICES } from '@/lib/domain/group-flags';
import { DEFAULT_GROUP_SORT, DEFAULT_USER_SORT, GROUP_SORTS, USER_SORTS } from '@/lib/domain/list-query';
import { GidParam } from './common';

/**
 * What an Export CSV asks for (the route's `list` and query): the list's own filter, checked
 * as strictly as its search box, so a bad value is refused naming it rather than quietly
 * exporting everything.
 */
/** One of a list's choices (`[value, …]` pairs), or absent: `fallback`. */
const choice = <const T extends readonly (readonly [string, ...string[]])[], F extends string>(
  field: string,
  choices: T,
  fallback: F,
) => {
  const values = choices.map(([v]) => v);
  return z
    .string()
    .default(fallback)
    .refine((v): v is T[number][0] | F => v === fallback || values.includes(v), {
      error: `${field} must be one of ${values.join(', ')}.`,
    });
};
const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text.` })
    .max(max, { error: `${field} has at most ${max} characters.` })
    .default('');

export const ExportRequest = z.discriminatedUnion(
  'list',
  [
    // The list as it is shown: its search, its order and its filters.
    z.object({
      list: z.literal('users'),
      q: text('q (the search)', 128),
      sort: choice('sort', USER_SORTS, DEFAULT_USER_SORT),
      active: choice('active', [['active'], ['inactive']] as const, ''),
      appid: text('appid', 128),
    }),
    z.object({
      list: z.literal('groups'),
      q: text('q (the search)', 128).transform((s) => s.trim()),
      sort: choice('sort', GROUP_SORTS, DEFAULT_GROUP_SORT),
      send: choice('send', SEND_CHOICES, ''),
      delivery: choice('delivery', DELIVERY_CHOICES, ''),
    }),
    z.object({ list: z.literal('members'), gid: GidParam }),
    z.object({
      list: z.literal('messages'),
      from: text('from', 63),
      to: text('to', 63),
      with: text('with', 63),
      gid: z
        .string()
        .regex(/^\d{0,16}$/, { error: 'gid must be a group id (digits only).' })
        .default('')
        .transform((s) => (s ? Number(s) : undefined)),
      mid: z
        .string()
        .regex(/^\d{0,16}$/, { error: 'mid must be a message id (digits only).' })
        .default('')
        .transform((s) => (s ? Number(s) : undefined)),
      // Days in the operator's time zone, checked with the range (lib/domain/day-range.ts).
      since: text('since', 10),
      until: text('until', 10),
    }),
  ],
  { error: 'Export users, groups, members or messages.' },
);
export type ExportRequest = z.output<typeof ExportRequest>;
