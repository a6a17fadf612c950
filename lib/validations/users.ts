import { z } from 'zod';
import { Address, AppId, Cursor, DisplayName, ExpiryMinutes, NewAddress, NewAppId } from './common';

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

export const TokenInput = z.object({
  address: Address,
  appid: NewAppId,
  expiryMinutes: ExpiryMinutes,
});
export const RemoveTokenInput = z.object({ address: Address, appid: AppId });
export const DeleteUserInput = z
  .object({ address: Address, confirm: z.string() })
  .refine((v) => v.confirm === v.address || v.confirm.trim() === v.address, {
    error: 'Type the address exactly to confirm.',
    path: ['confirm'],
  });

export const UserSearch = z.object({
  q: z.string().max(64).default(''), // as typed: " al" must find " alice", not "alice"
  cursor: Cursor.catch(undefined),
});
