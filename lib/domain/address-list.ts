/**
 * A box of addresses as typed (Add members, Send message's To), split as the server splits it:
 * pure, so the browser splits it the same way (Add the known ones). Every address is then held
 * to the rule for new addresses by lib/validations/common.ts's `AddressList`.
 */

/**
 * One per line, or separated by commas, where spaces and tabs right after a comma belong to the
 * separator ("alice, bob"). Every other space is part of the address, exactly as typed (" carol"
 * is not "carol"). Empty entries and entries of nothing but spaces are dropped, duplicates merged,
 * the order kept.
 */
export function splitAddresses(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/\r\n|\r|\n/)
        .flatMap((line) => line.split(/,[ \t]*/))
        .filter((s) => s.trim() !== ''),
    ),
  ];
}
