import 'server-only';
import { pipeline, Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { restoreFormula } from '@/lib/csv/write';
import { NEW_ADDRESS_MESSAGES, newAddressProblem } from '@/lib/domain/address-rules';
import { type HeldAppId, readAppIdsCell } from '@/lib/domain/token-list';
import { Address, DisplayName, NewAppId } from '@/lib/validations/common';

/**
 * Reads an Import users file as it arrives: UTF-8 (with or without a BOM), comma or semicolon
 * separated (told by the header line), quoted fields, a header naming the columns. csv-parse
 * (node-csv, the family of the csv-stringify the audit export uses) does the CSV; this module
 * checks the limits, the encoding and each row, and hands rows on in batches so that a
 * million of them never sit in memory.
 *
 * Whole-file faults (not text, empty, no `address` column, over the limits, a broken quote)
 * throw an ImportFileError naming the line; a bad row is a row with a `problem`, and the
 * import goes on.
 */
export const IMPORT_LIMITS = { maxBytes: 100 * 1024 * 1024, maxRows: 1_000_000 };
/** Characters a row may hold (its values together); a longer one is a row problem. */
export const MAX_ROW_CHARS = 4096;
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
export interface ParsedUserRow {
  /** The row's number in the file (1: the first after the header). */
  n: number;
  /** The line it starts on (the header is line 1). */
  line: number;
  values: UserImportValues;
  /** The column at fault and why; absent when the row is valid as far as the file can tell. */
  problem?: { column: Column | 'row'; reason: string };
}
export interface CsvHeader {
  columns: Column[];
  /** Columns the import does not know: named, and ignored. */
  ignored: string[];
  delimiter: ',' | ';';
}

export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `Line ${line.toLocaleString('en')}: ${message}`);
  }
}

const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);
const size = (n: number) => (n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.ceil(n / 1024)} KB`);

/** Whether the header line separates with semicolons: more of them than commas, outside quotes. */
function delimiterOf(firstLine: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * The file's text, checked as it streams: at most `maxBytes`, UTF-8, no NUL (a binary file).
 * The first chunk is held until the header line is complete, to tell the separator.
 */
async function* textOf(body: AsyncIterable<Uint8Array>, maxBytes: number, header: (line: string) => void) {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  let lines = 1;
  let head = '';
  let headerSeen = false;
  /** The line of the first byte that is not UTF-8 (in the chunk that failed to decode). */
  const notUtf8 = (chunk?: Uint8Array) => {
    const lenient = chunk ? new TextDecoder().decode(chunk) : '';
    const at = lenient.indexOf('\uFFFD');
    const line = lines + (at > 0 ? (lenient.slice(0, at).match(/\n/g)?.length ?? 0) : 0);
    return new ImportFileError('The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.', line);
  };
  /** Counts the lines of each piece of text once, as it is decoded; a NUL means a binary file. */
  const counted = (text: string) => {
    const nul = text.indexOf('\u0000');
    if (nul >= 0) {
      const line = lines + (text.slice(0, nul).match(/\n/g)?.length ?? 0);
      throw new ImportFileError('This is not a CSV text file (it holds binary data).', line);
    }
    lines += text.match(/\n/g)?.length ?? 0;
    return text;
  };
  for await (const chunk of body) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) throw new ImportFileError(`The file is larger than ${size(maxBytes)}.`);
    let text: string;
    try {
      text = counted(decoder.decode(chunk, { stream: true }));
    } catch (e) {
      throw e instanceof ImportFileError ? e : notUtf8(chunk);
    }
    if (headerSeen) {
      if (text) yield text;
      continue;
    }
    head += text;
    const end = head.indexOf('\n');
    if (end < 0 && head.length < 65_536) continue;
    headerSeen = true;
    header(end < 0 ? head : head.slice(0, end));
    yield head;
  }
  let rest: string;
  try {
    rest = counted(decoder.decode());
  } catch (e) {
    throw e instanceof ImportFileError ? e : notUtf8();
  }
  if (!headerSeen) {
    head += rest;
    if (head.replace(/^\uFEFF/, '').trim() === '') throw new ImportFileError('The file is empty.');
    header(head.split('\n')[0]);
    yield head;
  } else if (rest) yield rest;
}

function headerOf(record: string[], delimiter: ',' | ';'): CsvHeader & { positions: (Column | undefined)[] } {
  const names = record.map((h) => h.trim().toLowerCase());
  const positions = names.map((h) => ((COLUMNS as readonly string[]).includes(h) ? (h as Column) : undefined));
  const columns = positions.filter((c): c is Column => c !== undefined);
  const twice = columns.find((c, i) => columns.indexOf(c) !== i);
  if (twice) throw new ImportFileError(`The header names the column "${twice}" twice.`, 1);
  if (!columns.includes('address')) {
    throw new ImportFileError(
      `The header has no "address" column (it has: ${record.map((h) => JSON.stringify(h.slice(0, 40))).join(', ') || 'nothing'}). The first line must name the columns: address, and optionally name, active, uid, app_ids.`,
      1,
    );
  }
  const ignored = record.filter((_, i) => positions[i] === undefined).map((h) => h.slice(0, 80));
  return { columns, ignored, delimiter, positions };
}

const issue = (column: Column | 'row', reason: string) => ({ column, reason });

/** One data row's values and its first problem (the file's own faults; new or known is decided later). */
export function checkRow(record: string[], positions: (Column | undefined)[]): Omit<ParsedUserRow, 'n' | 'line'> {
  const raw: Partial<Record<Column, string>> = {};
  // A cell the console's own export neutralized ('+1555…) is read as it was written.
  positions.forEach((c, i) => {
    if (c) raw[c] = restoreFormula(record[i] ?? '');
  });
  const address = raw.address ?? '';
  const values: UserImportValues = { address };
  const chars = record.reduce((sum, v) => sum + v.length, 0);
  if (chars > MAX_ROW_CHARS)
    return {
      values,
      problem: issue('row', `The row is longer than ${MAX_ROW_CHARS.toLocaleString('en')} characters.`),
    };
  if (record.length > positions.length)
    return {
      values,
      problem: issue('row', `The row has ${record.length} values; the header names ${positions.length} columns.`),
    };
  if (address === '') return { values, problem: issue('address', 'The address is empty.') };
  const a = Address.safeParse(address);
  if (!a.success) return { values, problem: issue('address', a.error.issues[0].message) };
  if (raw.name !== undefined && raw.name !== '') {
    const name = DisplayName.safeParse(raw.name);
    if (!name.success) return { values, problem: issue('name', name.error.issues[0].message) };
    values.name = name.data;
  }
  if (raw.active !== undefined && raw.active.trim() !== '') {
    const v = raw.active.trim().toLowerCase();
    if (!TRUE.has(v) && !FALSE.has(v))
      return {
        values,
        problem: issue('active', `"${raw.active.slice(0, 20)}" is not true/false, 1/0 or yes/no.`),
      };
    values.active = TRUE.has(v);
  }
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

/** The rule for new addresses, for a row that would create its user. */
export function newAddressIssue(address: string): ParsedUserRow['problem'] {
  const problem = newAddressProblem(address);
  return problem ? issue('address', NEW_ADDRESS_MESSAGES[problem]) : undefined;
}

/**
 * Reads the file and hands its rows on in batches (`onBatch` is awaited: the reader waits
 * for the database). Returns the header and the number of data rows.
 */
export async function readUsersCsv(
  body: AsyncIterable<Uint8Array>,
  onBatch: (rows: ParsedUserRow[], header: CsvHeader) => Promise<void>,
  limits = IMPORT_LIMITS,
  batchSize = 1000,
): Promise<CsvHeader & { rows: number }> {
  let delimiter: ',' | ';' = ',';
  const text = textOf(body, limits.maxBytes, (line) => {
    delimiter = delimiterOf(line.replace(/^\uFEFF/, ''));
  });
  // The separator is known once the first line is: start the parser on the first text.
  const first = await text.next();
  if (first.done) throw new ImportFileError('The file is empty.');
  const parser = parse({
    bom: true,
    delimiter,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: 1024 * 1024,
  });
  // pipeline, not pipe: a fault of the text (a limit, the encoding) must end the parser too.
  pipeline(
    Readable.from(
      (async function* () {
        yield first.value;
        yield* text;
      })(),
    ),
    parser,
    () => undefined,
  );
  let header: ReturnType<typeof headerOf> | undefined;
  let batch: ParsedUserRow[] = [];
  let n = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines;
      if (!header) {
        header = headerOf(record, delimiter);
        continue;
      }
      n++;
      if (n > limits.maxRows)
        throw new ImportFileError(`The file has more than ${limits.maxRows.toLocaleString('en')} rows.`, line);
      // info.lines is where the record ended; a record spanning lines started earlier.
      const starts = line - (record.join('').match(/\n/g)?.length ?? 0);
      batch.push({ n, line: starts, ...checkRow(record, header.positions) });
      if (batch.length >= batchSize) {
        await onBatch(batch, header);
        batch = [];
      }
    }
  } catch (e) {
    parser.destroy();
    if (e instanceof ImportFileError) throw e;
    if (e instanceof CsvError) throw new ImportFileError(csvReason(e), lineOf(e));
    throw e;
  }
  if (!header) throw new ImportFileError('The file is empty.');
  if (batch.length) await onBatch(batch, header);
  const { positions: _, ...rest } = header;
  return { ...rest, rows: n };
}

function lineOf(e: CsvError): number | undefined {
  const lines = (e as unknown as { lines?: number }).lines;
  return typeof lines === 'number' ? lines : undefined;
}

function csvReason(e: CsvError): string {
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'A quoted value is never closed (a " without its closing ").';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'A quoted value is followed by other characters before the next separator.';
    case 'CSV_MAX_RECORD_SIZE':
      return 'A row is longer than 1 MB: this does not look like a CSV of users.';
    default:
      return `This is not a valid CSV file (${e.message.replace(/\s+/g, ' ').slice(0, 160)}).`;
  }
}
