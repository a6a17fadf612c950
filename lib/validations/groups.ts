import { z } from 'zod';
import { DELIVERY_CHOICES, MAX_FLAGS, RECEIVE_CHOICES, SEND_CHOICES } from '@/lib/domain/group-flags';
import { DEFAULT_GROUP_SORT, GROUP_SORTS, type GroupQuery, type GroupSort } from '@/lib/domain/list-query';
import { Address, AddressList, DisplayName, Gid, SearchCursor } from './common';

const values = <T extends readonly (readonly [string, string])[]>(choices: T) =>
  choices.map(([v]) => v) as [T[number][0], ...T[number][0][]];

/** The group's behaviour as chosen in the form: choices that cannot contradict each other. */
const Behaviour = z.object({
  send: z.enum(values(SEND_CHOICES), { error: 'Choose who can send.' }),
  receive: z.enum(values(RECEIVE_CHOICES), { error: 'Choose who receives.' }),
  delivery: z.enum(values(DELIVERY_CHOICES), { error: 'Choose how messages are delivered.' }),
  noStorage: z.boolean(),
  loopback: z.boolean(),
});

export const CreateGroupInput = z.object({
  name: DisplayName.min(1, { error: 'Give the group a name.' }),
  behaviour: Behaviour,
});
export const SaveGroupInput = z.object({
  gid: Gid,
  name: DisplayName,
  behaviour: Behaviour,
  /** The group's current flags: the bits the console does not know are kept. */
  keep: z.number().int().min(0).max(MAX_FLAGS).default(0),
});
/** `confirm`: the group's name (its gid when it has none) as typed, which a Production app requires. */
export const DeleteGroupInput = z.object({
  gid: Gid,
  name: z.string().max(128).default(''),
  confirm: z.string().max(128).optional(),
});

import { MAX_BULK_MEMBERS } from '@/lib/domain/limits';
import { MAX_PAGE_NUMBER } from '@/lib/mesibo/contract';

export { MAX_BULK_MEMBERS };
export const AddMembersInput = z.object({
  gid: Gid,
  addresses: AddressList({
    maxChars: 100_000,
    min: 'Enter at least one address.',
    max: MAX_BULK_MEMBERS,
    maxMessage: `At most ${MAX_BULK_MEMBERS} addresses at a time.`,
  }),
  send: z.boolean().default(true),
  recv: z.boolean().default(true),
});
export const MemberPermissionInput = z
  .object({ gid: Gid, address: Address, send: z.boolean().optional(), recv: z.boolean().optional() })
  .refine((v) => v.send !== undefined || v.recv !== undefined, { error: 'Nothing to change.' });
export const RemoveMemberInput = z.object({ gid: Gid, address: Address });

/**
 * A page of a group's members as the members' route handler takes it: an address prefix (any
 * case) and a page number, or `last`. Refused when not one (the browser only sends good ones).
 */
export const MemberPageQuery = z.object({
  q: z.string().max(64, { error: 'An address filter is at most 64 characters.' }).default(''),
  page: z
    .union([
      z.literal('last'),
      z.coerce
        .number()
        .int()
        .min(1)
        .max(MAX_PAGE_NUMBER, { error: `A page number is from 1 to ${MAX_PAGE_NUMBER.toLocaleString('en')}.` }),
    ])
    .default(1),
});
export type MemberPageQuery = z.output<typeof MemberPageQuery>;

/**
 * A list of groups as the URL and the list's route handler give it: the search as typed, the
 * order, Who can send and Delivery, and the page. A value from an old or edited link that is not
 * one of these falls back to the default (the list still shows).
 */
export const GroupSearch = z.object({
  q: z.string().trim().max(128).default(''),
  sort: z.enum(GROUP_SORTS.map(([v]) => v) as [GroupSort, ...GroupSort[]]).catch(DEFAULT_GROUP_SORT),
  send: z.enum(['', ...SEND_CHOICES.map(([v]) => v)]).catch(''),
  delivery: z.enum(['', ...DELIVERY_CHOICES.map(([v]) => v)]).catch(''),
  cursor: SearchCursor.optional().catch(undefined),
});
export type GroupSearch = z.output<typeof GroupSearch>;

/** The list's query (lib/domain/list-query.ts) from the URL's fields. */
export const groupQueryOf = (s: Pick<GroupSearch, 'q' | 'sort' | 'send' | 'delivery'>): GroupQuery => ({
  q: s.q,
  sort: s.sort,
  send: s.send || undefined,
  delivery: s.delivery || undefined,
});
