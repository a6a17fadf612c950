import { z } from 'zod';
import { GROUP_FLAGS, MAX_FLAGS } from '@/lib/domain/group-flags';
import { Address, Cursor, DisplayName, Gid, splitAddresses } from './common';

/** Flags as checked in a form: the known bits only (unknown bits of the group are kept separately). */
const FlagBits = z.array(z.number().int()).max(GROUP_FLAGS.length);

export const CreateGroupInput = z.object({
  name: DisplayName.min(1, { error: 'Give the group a name.' }),
  flags: FlagBits,
});
export const SaveGroupInput = z.object({
  gid: Gid,
  name: DisplayName,
  flags: FlagBits,
  keep: z.number().int().min(0).max(MAX_FLAGS).default(0),
});
export const DeleteGroupInput = z.object({ gid: Gid, name: z.string().max(128).default('') });

import { MAX_BULK_MEMBERS } from '@/lib/domain/limits';

export { MAX_BULK_MEMBERS };
export const AddMembersInput = z.object({
  gid: Gid,
  addresses: z
    .string()
    .max(100_000)
    .transform(splitAddresses)
    .pipe(
      z
        .array(Address)
        .min(1, { error: 'Enter at least one address.' })
        .max(MAX_BULK_MEMBERS, { error: `At most ${MAX_BULK_MEMBERS} addresses at a time.` }),
    ),
  send: z.boolean().default(true),
  recv: z.boolean().default(true),
});
export const MemberPermissionInput = z
  .object({ gid: Gid, address: Address, send: z.boolean().optional(), recv: z.boolean().optional() })
  .refine((v) => v.send !== undefined || v.recv !== undefined, { error: 'Nothing to change.' });
export const RemoveMemberInput = z.object({ gid: Gid, address: Address });

export const GroupSearch = z.object({
  q: z.string().trim().max(128).default(''),
  cursor: Cursor.catch(undefined),
});
