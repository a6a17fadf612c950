import { z } from 'zod';
import { GidParam } from './common';

/**
 * What an Export CSV asks for (the route's `list` and query): the list's own filter, checked
 * as strictly as its search box, so a bad value is refused naming it rather than quietly
 * exporting everything.
 */
const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text.` })
    .max(max, { error: `${field} has at most ${max} characters.` })
    .default('');

export const ExportRequest = z.discriminatedUnion(
  'list',
  [
    z.object({ list: z.literal('users'), q: text('q (the search)', 64) }),
    z.object({ list: z.literal('groups'), q: text('q (the search)', 128).transform((s) => s.trim()) }),
    z.object({ list: z.literal('members'), gid: GidParam }),
    z.object({
      list: z.literal('messages'),
      from: text('from', 63),
      to: text('to', 63),
      gid: z
        .string()
        .regex(/^\d{0,16}$/, { error: 'gid must be a group id (digits only).' })
        .default('')
        .transform((s) => (s ? Number(s) : undefined)),
    }),
  ],
  { error: 'Export users, groups, members or messages.' },
);
export type ExportRequest = z.output<typeof ExportRequest>;
