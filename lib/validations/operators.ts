import { z } from 'zod';
import { ROLES } from '@/lib/console/roles';

export const Password = z
  .string()
  .min(12, { error: 'Use at least 12 characters.' })
  .max(256, { error: 'At most 256 characters.' });
export const Role = z.enum(ROLES, { error: 'Choose a role.' });

export const CreateOperatorInput = z.object({
  email: z
    .email({ error: 'Enter an e-mail address.' })
    .max(320)
    .transform((s) => s.toLowerCase()),
  name: z.string().trim().max(128).default(''),
  role: Role,
  password: Password,
});
const OperatorId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const OperatorRef = z.object({ id: OperatorId });
export const UpdateOperatorInput = z.object({
  id: OperatorId,
  role: Role.optional(),
  disabled: z.boolean().optional(),
});
export const ResetPasswordInput = z.object({ id: OperatorId, password: Password });
export const ChangeOwnPasswordInput = z
  .object({ current: z.string().min(1, { error: 'Enter your current password.' }).max(256), password: Password })
  .refine((i) => i.password !== i.current, {
    path: ['password'],
    error: 'Choose a password different from the current one.',
  });

/** Which apps an operator may use: every app (also apps added later), or only some. */
export const OperatorAppsInput = z
  .object({
    id: OperatorId,
    access: z.enum(['all', 'some'], { error: 'Choose Every app or Only some apps.' }),
    apps: z.array(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)).max(1000).default([]),
  })
  .refine((v) => v.access === 'all' || v.apps.length > 0, {
    path: ['apps'],
    error: 'Choose at least one app, or Every app.',
  });
