import 'server-only';
import { pipeline, Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { restoreFormula } from './write';

/**
 * Reads an import's CSV file as it arrives: UTF-8 (with or without a BOM), comma or semicolon
 * separated (told by the header line), quoted fields, a header naming the columns. csv-parse
 * (node-csv, the family of the csv-stringify the exports use) does the CSV; this module checks
 * the limits, the encoding, the header and what every row must be (not too long, no more
 * values than columns), takes off the apostrophe an export put before a formula-like cell, and
 * hands rows on in batches so that a million of them never sit in memory. What a row's values
 * mean is the caller's (`check`): Import users and Import members read the same way.
 *
 * Whole-file faults (not text, empty, no required column, over the limits, a broken quote)
 * throw an ImportFileError naming the line; a bad row is a row with a `problem`, and the
 * import goes on.
 */
export const IMPORT_LIMITS = { maxBytes: 100 * 1024 * 1024, maxRows: 1_000_000 };
/** Characters a row may hold (its values together); a longer one is a row problem. */
export const MAX_ROW_CHARS = 4096;

const size = (n: number) => (n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.ceil(n / 1024)} KB`);

export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `Line ${line.toLocaleString('en')}: ${message}`);
  }
}

/** A row's fault: the column at fault (or the whole row) and why. */
export interface RowProblem<C extends string> {
  column: C | 'row';
  reason: string;
}
export const issue = <C extends string>(column: C | 'row', reason: string): RowProblem<C> => ({ column, reason });

export interface ParsedRow<C extends string, V> {
  /** The row's number in the file (1: the first after the header). */
  n: number;
  /** The line it starts on (the header is line 1). */
  line: number;
  values: V;
  /** The column at fault and why; absent when the row is valid as far as the file can tell. */
  problem?: RowProblem<C>;
}
export interface CsvHeader<C extends string = string> {
  columns: C[];
  /** Columns the import does not know: named, and ignored. */
  ignored: string[];
  delimiter: ',' | ';';
}
/** What a kind of import reads: its columns (the first is required), and one row's values. */
export interface CsvSpec<C extends string, V> {
  columns: readonly C[];
  /** A row's values by column (only the columns the file has), checked. */
  check(raw: Partial<Record<C, string>>): { values: V; problem?: RowProblem<C> };
  /** The row's key when a row problem leaves no values (the first column as written). */
  blank(raw: Partial<Record<C, string>>): V;
}

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

function headerOf<C extends string>(
  record: string[],
  delimiter: ',' | ';',
  spec: CsvSpec<C, unknown>,
): CsvHeader<C> & { positions: (C | undefined)[] } {
  const names = record.map((h) => h.trim().toLowerCase());
  const positions = names.map((h) => ((spec.columns as readonly string[]).includes(h) ? (h as C) : undefined));
  const columns = positions.filter((c): c is C => c !== undefined);
  const twice = columns.find((c, i) => columns.indexOf(c) !== i);
  if (twice) throw new ImportFileError(`The header names the column "${twice}" twice.`, 1);
  const [required, ...optional] = spec.columns;
  if (!columns.includes(required)) {
    throw new ImportFileError(
      `The header has no "${required}" column (it has: ${record.map((h) => JSON.stringify(h.slice(0, 40))).join(', ') || 'nothing'}). The first line must name the columns: ${required}, and optionally ${optional.join(', ')}.`,
      1,
    );
  }
  const ignored = record.filter((_, i) => positions[i] === undefined).map((h) => h.slice(0, 80));
  return { columns, ignored, delimiter, positions };
}

/** One data row: what every row must be, then the spec's check of its values. */
function rowOf<C extends string, V>(
  record: string[],
  positions: (C | undefined)[],
  spec: CsvSpec<C, V>,
): { values: V; problem?: RowProblem<C> } {
  const raw: Partial<Record<C, string>> = {};
  // A cell the console's own export neutralized ('+1555…) is read as it was written.
  positions.forEach((c, i) => {
    if (c) raw[c] = restoreFormula(record[i] ?? '');
  });
  const chars = record.reduce((sum, v) => sum + v.length, 0);
  if (chars > MAX_ROW_CHARS)
    return {
      values: spec.blank(raw),
      problem: issue<C>('row', `The row is longer than ${MAX_ROW_CHARS.toLocaleString('en')} characters.`),
    };
  if (record.length > positions.length)
    return {
      values: spec.blank(raw),
      problem: issue<C>('row', `The row has ${record.length} values; the header names ${positions.length} columns.`),
    };
  return spec.check(raw);
}

/**
 * Reads the file and hands its rows on in batches (`onBatch` is awaited: the reader waits
 * for the database). Returns the header and the number of data rows.
 */
export async function readCsv<C extends string, V>(
  body: AsyncIterable<Uint8Array>,
  spec: CsvSpec<C, V>,
  onBatch: (rows: ParsedRow<C, V>[], header: CsvHeader<C>) => Promise<void>,
  limits = IMPORT_LIMITS,
  batchSize = 1000,
): Promise<CsvHeader<C> & { rows: number }> {
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
  let header: ReturnType<typeof headerOf<C>> | undefined;
  let batch: ParsedRow<C, V>[] = [];
  let n = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines;
      if (!header) {
        header = headerOf(record, delimiter, spec);
        continue;
      }
      n++;
      if (n > limits.maxRows)
        throw new ImportFileError(`The file has more than ${limits.maxRows.toLocaleString('en')} rows.`, line);
      // info.lines is where the record ended; a record spanning lines started earlier.
      const starts = line - (record.join('').match(/\n/g)?.length ?? 0);
      batch.push({ n, line: starts, ...rowOf(record, header.positions, spec) });
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
      return 'A row is longer than 1 MB: this does not look like a CSV file of rows.';
    default:
      return `This is not a valid CSV file (${e.message.replace(/\s+/g, ' ').slice(0, 160)}).`;
  }
}
