import { Address } from '@/lib/validations/common';

/**
 * Cells every import reads the same way: an address (required, as the console's rules for
 * addresses say), and a yes/no (true/false, 1/0, yes/no in any case; empty: not given).
 */
const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);

/** Why an address cell cannot be one, or undefined. */
export function addressIssue(address: string): string | undefined {
  if (address === '') return 'The address is empty.';
  const a = Address.safeParse(address);
  return a.success ? undefined : a.error.issues[0].message;
}

export function booleanCell(cell: string | undefined): { value?: boolean } | { problem: string } {
  if (cell === undefined || cell.trim() === '') return {};
  const v = cell.trim().toLowerCase();
  if (TRUE.has(v)) return { value: true };
  if (FALSE.has(v)) return { value: false };
  return { problem: `"${cell.slice(0, 20)}" is not true/false, 1/0 or yes/no.` };
}
