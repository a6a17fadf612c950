import 'server-only';
import {
  type CsvHeader,
  type CsvSpec,
  IMPORT_LIMITS,
  ImportFileError,
  issue,
  type ParsedRow,
  type RowProblem,
  readCsv,
} from '@/lib/csv/read';
import { NEW_ADDRESS_MESSAGES, newAddressProblem } from '@/lib/domain/address-rules';
import { type HeldAppId, readAppIdsCell } from '@/lib/domain/token-list';
import { DisplayName, NewAppId } from '@/lib/validations/common';
import { addressIssue, booleanCell } from './cells';

/**
 * An Import users file's rows: `address`, and optionally `name`, `active`, and for Add to
 * directory `uid` and `app_ids` (as Export CSV writes them). Read by lib/csv/read.ts.
 */
const COLUMNS = ['address', 'name', 'active', 'uid', 'app_ids'] as const;
type Column = (typeof COLUMNS)[number];

export interface UserImportValues {
  address: string;
  name?: string;
  active?: boolean;
  /** Add to directory only: the uid the backend gave the user. */
  uid?: number;
  /** Add to directory only: the App IDs the user already holds a token for, with expiries where given (never a token). */
  appIds?: HeldAppId[];
}
export type ParsedUserRow = ParsedRow<Column, UserImportValues>;
export { type CsvHeader, IMPORT_LIMITS, ImportFileError };

/** One data row's values and its first problem (the file's own faults; new or known is decided later). */
function check(raw: Partial<Record<Column, string>>): { values: UserImportValues; problem?: RowProblem<Column> } {
  const address = raw.address ?? '';
  const values: UserImportValues = { address };
  const bad = addressIssue(address);
  if (bad) return { values, problem: issue('address', bad) };
  if (raw.name !== undefined && raw.name !== '') {
    const name = DisplayName.safeParse(raw.name);
    if (!name.success) return { values, problem: issue('name', name.error.issues[0].message) };
    values.name = name.data;
  }
  const active = booleanCell(raw.active);
  if ('problem' in active) return { values, problem: issue('active', active.problem) };
  if (active.value !== undefined) values.active = active.value;
  if (raw.uid !== undefined && raw.uid.trim() !== '') {
    const uid = raw.uid.trim();
    if (!/^\d{1,15}$/.test(uid) || Number(uid) < 1)
      return { values, problem: issue('uid', `"${uid.slice(0, 20)}" is not a uid (a positive whole number).`) };
    values.uid = Number(uid);
  }
  if (raw.app_ids !== undefined && raw.app_ids !== '') {
    const read = readAppIdsCell(raw.app_ids);
    if ('error' in read) return { values, problem: issue('app_ids', read.error) };
    for (const { appid } of read.ids) {
      const ok = NewAppId.safeParse(appid);
      if (!ok.success)
        return { values, problem: issue('app_ids', `"${appid.slice(0, 40)}": ${ok.error.issues[0].message}`) };
    }
    values.appIds = read.ids;
  }
  return { values };
}

export const USERS_CSV: CsvSpec<Column, UserImportValues> = {
  columns: COLUMNS,
  check,
  blank: (raw) => ({ address: raw.address ?? '' }),
};

/** The rule for new addresses, for a row that would create its user. */
export function newAddressIssue(address: string): ParsedUserRow['problem'] {
  const problem = newAddressProblem(address);
  return problem ? issue('address', NEW_ADDRESS_MESSAGES[problem]) : undefined;
}

/** Reads an Import users file, its rows handed on in batches (`onBatch` is awaited). */
export function readUsersCsv(
  body: AsyncIterable<Uint8Array>,
  onBatch: (rows: ParsedUserRow[], header: CsvHeader<Column>) => Promise<void>,
  limits = IMPORT_LIMITS,
  batchSize = 1000,
) {
  return readCsv(body, USERS_CSV, onBatch, limits, batchSize);
}
