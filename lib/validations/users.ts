import { z } from 'zod';
import { Address, AppId, DisplayName, ExpiryMinutes } from './common';

export const CreateUserInput = z.object({
  address: Address,
  name: DisplayName.default(''),
  appid: z.union([z.literal('').transform(() => undefined), AppId]).optional(),
  expiryMinutes: ExpiryMinutes.default(525_600),
});
export type CreateUserInput = z.input<typeof CreateUserInput>;

export const SaveUserInput = z
  .object({ address: Address, name: DisplayName.optional(), active: z.boolean().optional() })
  .refine((v) => v.name !== undefined || v.active !== undefined, { error: 'Nothing to save.' });

export const TokenInput = z.object({ address: Address, appid: AppId, expiryMinutes: ExpiryMinutes.default(525_600) });
export const RemoveTokenInput = z.object({ address: Address, appid: AppId });
export const DeleteUserInput = z
  .object({ address: Address, confirm: z.string() })
  .refine((v) => v.confirm.trim() === v.address, { error: 'Type the address exactly to confirm.', path: ['confirm'] });

export const UserSearch = z.object({
  q: z.string().trim().max(64).default(''),
  cursor: z
    .string()
    .regex(/^\d{1,16}$/)
    .optional()
    .catch(undefined),
});
