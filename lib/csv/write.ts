import { stringify } from 'csv-stringify/sync';

/**
 * CSV the console writes (the audit log, a job's results, every list's export): RFC 4180
 * records (CRLF, quoted where needed) via csv-stringify, UTF-8 without a byte order mark (the
 * import reads either). Cells can hold what users typed (names, addresses, messages), so one
 * that a spreadsheet would run as a formula (= + - @, tab or carriage return first) is
 * prefixed with an apostrophe, as OWASP advises against CSV injection. The prefix is undone
 * by `restoreFormula` when the console reads its own file back (an export imported again), and
 * a cell that already starts with apostrophes before such a character gets one more, so the
 * round trip gives back exactly what was written ("+15551234" is a common address).
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEUTRALIZED = /^'+[=+\-@\t\r]/;

export function neutralizeFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** A cell as it was before `neutralizeFormula` (a cell it did not change is returned as is). */
export function restoreFormula(cell: string): string {
  return NEUTRALIZED.test(cell) ? cell.slice(1) : cell;
}

/** Records as CSV text, every cell neutralized. */
export function csvRecords(records: readonly (readonly string[])[]): string {
  return stringify(
    records.map((r) => r.map(neutralizeFormula)),
    { record_delimiter: 'windows' },
  );
}
