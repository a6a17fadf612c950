import { z } from 'zod';
import { Address, DisplayName, Gid, splitAddresses } from './common';

/** Group flags in plain words, in the order the console shows them. */
export const GROUP_FLAGS = [
  { bit: 0x1, key: 'sendBySelected', label: 'Only members with send permission can send' },
  { bit: 0x2, key: 'sendByAnyone', label: 'Anyone can send, including non-members' },
  { bit: 0x10, key: 'recvBySelected', label: 'Only members with receive permission receive' },
  { bit: 0x20, key: 'roundRobin', label: 'Deliver each message to one member in turn' },
  { bit: 0x40, key: 'noStorage', label: 'Do not store messages' },
  { bit: 0x80, key: 'loopback', label: 'Send a copy back to the sender' },
] as const;

export function flagWords(flags: number): string[] {
  const words: string[] = GROUP_FLAGS.filter((f) => flags & f.bit).map((f) => f.label);
  const known = GROUP_FLAGS.reduce((a, f) => a | f.bit, 0);
  const other = flags & ~known;
  if (other) words.push(`other flags 0x${other.toString(16)}`);
  return words;
}

/** Flags as checked in a form; unknown bits of the current value are kept. */
const FlagBits = z.array(z.number().int()).max(GROUP_FLAGS.length);
export function flagsFrom(bits: number[], keep = 0): number {
  const known = GROUP_FLAGS.reduce((a, f) => a | f.bit, 0);
  return bits.filter((b) => GROUP_FLAGS.some((f) => f.bit === b)).reduce((a, b) => a | b, keep & ~known);
}

export const CreateGroupInput = z.object({
  name: DisplayName.min(1, { error: 'Give the group a name.' }),
  flags: FlagBits,
});
export const SaveGroupInput = z.object({
  gid: Gid,
  name: DisplayName,
  flags: FlagBits,
  keep: z.number().int().min(0).default(0),
});
export const DeleteGroupInput = z.object({ gid: Gid, name: z.string().max(128).default('') });

export const MAX_BULK_MEMBERS = 1000;
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
  cursor: z
    .string()
    .regex(/^\d{1,16}$/)
    .optional()
    .catch(undefined),
});
