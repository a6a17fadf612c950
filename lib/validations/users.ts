import { z } from 'zod';
import { confirms } from '@/lib/domain/confirmation';
import { DEFAULT_USER_SORT, USER_SORTS, type UserQuery, type UserSort } from '@/lib/domain/list-query';
import { Address, AppId, DisplayName, ExpiryMinutes, NewAddress, NewAppId, SearchCursor } from './common';

export const CreateUserInput = z.object({
  address: NewAddress,
  name: DisplayName.default(''),
  appid: z.union([z.literal('').transform(() => undefined), NewAppId]).optional(),
  expiryMinutes: ExpiryMinutes,
  /** The operator confirmed a new user although another's address differs only in case. */
  caseConfirmed: z.boolean().optional(),
});
export type CreateUserInput = z.input<typeof CreateUserInput>;

export const SaveUserInput = z
  .object({ address: Address, name: DisplayName.optional(), active: z.boolean().optional() })
  .refine((v) => v.name !== undefined || v.active !== undefined, { error: 'Nothing to save.' });

/** `replace`: the operator confirmed that an existing token for the App ID is replaced. */
export const TokenInput = z.object({
  address: Address,
  appid: NewAppId,
  expiryMinutes: ExpiryMinutes,
  replace: z.boolean().optional(),
});
export const UserRefInput = z.object({ address: Address });
/** `confirm`: the address as typed, which a Production app requires. */
export const RemoveTokenInput = z.object({ address: Address, appid: AppId, confirm: z.string().max(320).optional() });
export const DeleteUserInput = z
  .object({ address: Address, confirm: z.string() })
  .refine((v) => confirms(v.confirm, v.address), {
    error: 'Type the address exactly to confirm.',
    path: ['confirm'],
  });

/**
 * A list of users as the URL and the list's route handler give it: the search as typed, the
 * order, the filters (Active / Inactive, Has a token for App ID) and the page. A value from an
 * old or edited link that is not one of these falls back to the default (the list still shows).
 */
export const UserSearch = z.object({
  q: z.string().max(128).default(''),
  sort: z.enum(USER_SORTS.map(([value]) => value) as [UserSort, ...UserSort[]]).catch(DEFAULT_USER_SORT),
  active: z.enum(['', 'active', 'inactive']).catch(''),
  appid: z.string().max(128).catch(''),
  /** Online now, or Last seen first (apps whose directory is the list). */
  presence: z.enum(['', 'online', 'seen']).catch(''),
  cursor: SearchCursor.optional().catch(undefined),
});
export type UserSearch = z.output<typeof UserSearch>;

/** The list's query (lib/domain/list-query.ts) from the URL's fields. */
export const userQueryOf = (s: Pick<UserSearch, 'q' | 'sort' | 'active' | 'appid'>): UserQuery => ({
  q: s.q,
  sort: s.sort,
  active: s.active === '' ? undefined : s.active === 'active',
  appid: s.appid.trim() === '' ? undefined : s.appid.trim(),
});
