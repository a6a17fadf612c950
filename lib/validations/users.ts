import { z } from 'zod';
import { confirms } from '@/lib/domain/confirmation';
import { Address, AppId, DisplayName, ExpiryMinutes, NewAddress, NewAppId } from './common';

export const CreateUserInput = z.object({
  address: NewAddress,
  name: DisplayName.default(''),
  appid: z.union([z.literal('').transform(() => undefined), NewAppId]).optional(),
  expiryMinutes: ExpiryMinutes,
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

export const UserSearch = z.object({
  q: z.string().max(64).default(''), // as typed: " al" must find " alice", not "alice"
  /** Online now, or Last seen first (apps whose directory is the list). */
  presence: z.enum(['', 'online', 'seen']).catch(''),
  cursor: z
    .string()
    .regex(/^\d{1,16}(:\d{1,16})?$/)
    .optional()
    .catch(undefined),
});
