import { type FieldChange, fieldChanges } from './audit-changes';
/**
 * A group's behaviour flags as choices that cannot contradict each other (browser-safe, no
 * validation library: client pages import this to show and edit a group).
 *
 * mesibo keeps behaviour as bits, and its API accepts any combination (the engine does too,
 * for compatibility): 0x1 "only members with send permission send" and 0x2 "anyone may send"
 * can both be set, and then 0x2 wins. The console shows and edits the bits as three choices
 * and two switches; a stored contradiction is reported, and saving the form resolves it.
 */
export const FLAG = {
  sendBySelected: 0x1,
  sendByAnyone: 0x2,
  recvBySelected: 0x10,
  roundRobin: 0x20,
  noStorage: 0x40,
  loopback: 0x80,
} as const;

export const SEND_CHOICES = [
  ['members', 'All members'],
  ['selected', 'Members with send permission'],
  ['anyone', 'Anyone, including non-members'],
] as const;
export const RECEIVE_CHOICES = [
  ['members', 'All members'],
  ['selected', 'Members with receive permission'],
] as const;
export const DELIVERY_CHOICES = [
  ['every', 'Every recipient'],
  ['one', 'One member in turn'],
] as const;

type Choice<T extends readonly (readonly [string, string])[]> = T[number][0];

export interface GroupBehaviour {
  send: Choice<typeof SEND_CHOICES>;
  receive: Choice<typeof RECEIVE_CHOICES>;
  delivery: Choice<typeof DELIVERY_CHOICES>;
  noStorage: boolean;
  loopback: boolean;
}

/*
 * Flags are whole numbers up to 2^53 (the backend keeps every bit). JavaScript's `&` and `|`
 * work on 32 bits, so bits at and above 2^31 would be lost or turn the value negative:
 * flags are combined as BigInt.
 */
const KNOWN = Object.values(FLAG).reduce((a, bit) => a | BigInt(bit), 0n);
const has = (flags: number, bit: number) => (BigInt(flags) & BigInt(bit)) !== 0n;

export const MAX_FLAGS = Number.MAX_SAFE_INTEGER;

/** What the group does, as the backend applies it (0x2 wins over 0x1). */
export function behaviourOf(flags: number): GroupBehaviour {
  return {
    send: has(flags, FLAG.sendByAnyone) ? 'anyone' : has(flags, FLAG.sendBySelected) ? 'selected' : 'members',
    receive: has(flags, FLAG.recvBySelected) ? 'selected' : 'members',
    delivery: has(flags, FLAG.roundRobin) ? 'one' : 'every',
    noStorage: has(flags, FLAG.noStorage),
    loopback: has(flags, FLAG.loopback),
  };
}

/** Stored bits that contradict each other, in words; empty for any group the console saved. */
export function flagConflicts(flags: number): string[] {
  if (has(flags, FLAG.sendBySelected) && has(flags, FLAG.sendByAnyone)) {
    return [
      'Who can send is set twice: "Members with send permission" (flag 0x1) and "Anyone, including non-members" (flag 0x2). mesibo applies "Anyone".',
    ];
  }
  return [];
}

/** The flags for a behaviour; the bits the console does not know (`keep`) are kept, all of them. */
export function flagsOf(b: GroupBehaviour, keep = 0): number {
  let bits = 0n;
  if (b.send === 'selected') bits |= BigInt(FLAG.sendBySelected);
  if (b.send === 'anyone') bits |= BigInt(FLAG.sendByAnyone);
  if (b.receive === 'selected') bits |= BigInt(FLAG.recvBySelected);
  if (b.delivery === 'one') bits |= BigInt(FLAG.roundRobin);
  if (b.noStorage) bits |= BigInt(FLAG.noStorage);
  if (b.loopback) bits |= BigInt(FLAG.loopback);
  return Number(bits | (BigInt(keep) & ~KNOWN));
}

const label = (choices: readonly (readonly [string, string])[], value: string) =>
  choices.find(([v]) => v === value)?.[1] ?? value;

/** A short description for lists: only what differs from a plain group, and any conflict. */
export function flagWords(flags: number): string[] {
  const b = behaviourOf(flags);
  const words: string[] = [];
  if (b.send !== 'members') words.push(`Who can send: ${label(SEND_CHOICES, b.send).toLowerCase()}`);
  if (b.receive !== 'members') words.push(`Who receives: ${label(RECEIVE_CHOICES, b.receive).toLowerCase()}`);
  if (b.delivery === 'one') words.push('Delivery: one member in turn');
  if (b.noStorage) words.push('Messages not stored');
  if (b.loopback) words.push('Copy back to the sender');
  if (flagConflicts(flags).length) words.push('Conflicting flags');
  const other = BigInt(flags) & ~KNOWN;
  if (other) words.push(`other flags 0x${other.toString(16)}`);
  return words;
}

/**
 * What a save changed of a group (`before` undefined: not known): its name, and its settings by
 * their choice names (`send: "members" → "anyone"`), each setting a field of GroupBehaviour.
 */
export function groupChanges(
  before: { name: string; flags: number } | undefined,
  after: { name: string; flags: number },
): FieldChange[] {
  const fields = ['send', 'receive', 'delivery', 'noStorage', 'loopback'] as const;
  return [
    ...fieldChanges(before, after, ['name']),
    ...fieldChanges(before && behaviourOf(before.flags), behaviourOf(after.flags), fields),
  ];
}
