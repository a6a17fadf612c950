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

/*
 * Flags are whole numbers up to 2^53 (the backend keeps every bit). JavaScript's `&` and `|`
 * work on 32 bits, so bits at and above 2^31 would be lost or turn the value negative:
 * flags are combined as BigInt.
 */
const KNOWN = GROUP_FLAGS.reduce((a, f) => a | BigInt(f.bit), 0n);
const has = (flags: number, bit: number) => (BigInt(flags) & BigInt(bit)) !== 0n;

export function flagWords(flags: number): string[] {
  const words: string[] = GROUP_FLAGS.filter((f) => has(flags, f.bit)).map((f) => f.label);
  const other = BigInt(flags) & ~KNOWN;
  if (other) words.push(`other flags 0x${other.toString(16)}`);
  return words;
}

export const MAX_FLAGS = Number.MAX_SAFE_INTEGER;

/** Flags as checked in a form; unknown bits of the current value (`keep`) are kept, all of them. */
const FlagBits = z.array(z.number().int()).max(GROUP_FLAGS.length);
export function flagsFrom(bits: number[], keep = 0): number {
  const chosen = bits.filter((b) => GROUP_FLAGS.some((f) => f.bit === b)).reduce((a, b) => a | BigInt(b), 0n);
  return Number(chosen | (BigInt(keep) & ~KNOWN));
}

export function hasFlag(flags: number, bit: number): boolean {
  return has(flags, bit);
}

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
