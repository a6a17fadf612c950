/**
 * Group flags in plain words (browser-safe, no validation library: client pages import
 * this to print and edit flags).
 */
/** In the order the console shows them. */
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
export function flagsFrom(bits: number[], keep = 0): number {
  const chosen = bits.filter((b) => GROUP_FLAGS.some((f) => f.bit === b)).reduce((a, b) => a | BigInt(b), 0n);
  return Number(chosen | (BigInt(keep) & ~KNOWN));
}

export function hasFlag(flags: number, bit: number): boolean {
  return has(flags, bit);
}
