import 'server-only';
import { type CsvHeader, type CsvSpec, IMPORT_LIMITS, issue, type ParsedRow, readCsv } from '@/lib/csv/read';
import { addressIssue, booleanCell } from './cells';

/**
 * An Import members file's rows: `address`, and optionally `can_send` and `can_receive`
 * (true/false, 1/0, yes/no; both true when not given), as Export CSV of a group's members
 * writes them (its other columns are named and ignored). Read by lib/csv/read.ts.
 */
const COLUMNS = ['address', 'can_send', 'can_receive'] as const;
type Column = (typeof COLUMNS)[number];

export interface MemberImportValues {
  address: string;
  send: boolean;
  recv: boolean;
}
export type ParsedMemberRow = ParsedRow<Column, MemberImportValues>;

export const MEMBERS_CSV: CsvSpec<Column, MemberImportValues> = {
  columns: COLUMNS,
  blank: (raw) => ({ address: raw.address ?? '', send: true, recv: true }),
  check(raw) {
    const values: MemberImportValues = { address: raw.address ?? '', send: true, recv: true };
    const bad = addressIssue(values.address);
    if (bad) return { values, problem: issue('address', bad) };
    const send = booleanCell(raw.can_send);
    if ('problem' in send) return { values, problem: issue('can_send', send.problem) };
    const recv = booleanCell(raw.can_receive);
    if ('problem' in recv) return { values, problem: issue('can_receive', recv.problem) };
    return { values: { ...values, send: send.value ?? true, recv: recv.value ?? true } };
  },
};

/** Reads an Import members file, its rows handed on in batches (`onBatch` is awaited). */
export function readMembersCsv(
  body: AsyncIterable<Uint8Array>,
  onBatch: (rows: ParsedMemberRow[], header: CsvHeader<Column>) => Promise<void>,
  limits = IMPORT_LIMITS,
  batchSize = 1000,
) {
  return readCsv(body, MEMBERS_CSV, onBatch, limits, batchSize);
}
