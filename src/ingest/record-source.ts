import { parse, type CsvError } from 'csv-parse';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DatasetKind } from '../domain/vocabulary.js';
import { createDecoder, type Decoder, type DeclaredEncoding, type TextEncoding } from './encoding.js';
import { ImportRefused } from './import-errors.js';
import { templateFor } from './templates.js';
import { isOleCompound, isZip, xlsxRows, type XlsxProgress } from './xlsx.js';
import { ColumnType } from '../domain/api-enums.js';

/**
 * Where rows come from: a file (CLI, HTTP upload), CSV or an .xlsx workbook, or rows sent
 * in a GraphQL mutation. Either way the pipeline sees a header and then rows of strings,
 * one at a time.
 */
export interface RecordSource {
  /** A CSV byte stream, an .xlsx workbook, or rows given as values (known once reading has begun). */
  readonly kind: 'csv' | 'xlsx' | 'rows';
  /** The header first, then every row. Throws ImportRefused when the input is malformed. */
  records(): AsyncIterable<readonly string[]>;
  /** The row number, as the file shows it, of the record last yielded (a sheet's own row numbers); absent: counted in order, the header as row 1. */
  rowNumber?(): number;
  /** Bytes consumed so far (0 for rows given directly). */
  bytes(): number;
  /** SHA-256 of the whole input; only meaningful once it has been read to the end. */
  checksum(): Buffer;
  /** How the input was read: its format, text encoding (CSV) and sheet (.xlsx). */
  describe(): SourceDescription;
  /** After the header was refused: a clearer reason found further on (an .xlsx's merged header cells), or null. */
  explainHeader?(): Promise<ImportRefused | null>;
}

export interface SourceDescription {
  format: 'csv' | 'xlsx' | 'rows';
  encoding: TextEncoding | null;
  sheet: string | null;
}

export interface FileSourceOptions {
  /** The sender's declared text encoding (CSV); a byte order mark still wins. */
  encoding?: DeclaredEncoding;
  /** The worksheet to read (.xlsx); the first visible one otherwise. */
  sheet?: string;
  /** The format the sender declared (e.g. by content type); the file's first bytes decide, and a declared .xlsx that is not one is refused. */
  format?: 'csv' | 'xlsx';
}

/** Larger rows are refused outright: far beyond any template field, and usually an unclosed quote swallowing the file. */
export const MAX_RECORD_BYTES = 1 << 20;
const SNIFF_BYTES = 8;

/** Columns whose numbers, in a workbook, are Excel date serials. */
const DATE_COLUMNS: ReadonlySet<string> = new Set(
  Object.values(DatasetKind).flatMap((k) =>
    templateFor(k)
      .columns.filter((c) => c.type === ColumnType.DATE_TIME)
      .map((c) => c.name),
  ),
);

function refuseParserError(err: CsvError & { lines?: number }): ImportRefused {
  const line = err.lines ? ` at line ${err.lines}` : '';
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new ImportRefused(
        'MALFORMED_CSV',
        `Malformed CSV: a quoted field opened${line} or before is never closed (unbalanced quote). Nothing was imported.`,
      );
    case 'CSV_MAX_RECORD_SIZE':
      return new ImportRefused(
        'MALFORMED_CSV',
        `Malformed CSV: a row${line} is larger than ${MAX_RECORD_BYTES / 1024} KiB, far beyond any template column; most often an unbalanced quote. Nothing was imported.`,
      );
    default:
      return new ImportRefused('MALFORMED_CSV', `Malformed CSV${line} (${err.code}). Nothing was imported.`);
  }
}

/**
 * A file, streamed: an .xlsx workbook (recognised by its first bytes, whatever its name
 * or declared type) or CSV text. CSV: RFC 4180 quoting, LF, CRLF or CR line ends (mixed
 * is fine), in UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark,
 * or Windows-1252 (declared or detected; see encoding.ts). Invalid UTF-8 bytes become
 * U+FFFD, which the row mapper refuses row by row; a file in no encoding the hub reads is
 * refused at once. An Excel 97-2003 .xls workbook is refused, saying how to save it.
 */
export function fileSource(
  input: Readable | AsyncIterable<Buffer | string>,
  opts: FileSourceOptions = {},
): RecordSource {
  const hash = createHash('sha256');
  let bytes = 0;
  let kind: 'csv' | 'xlsx' = 'csv';
  let failed = false;
  let decoder: Decoder | null = null;
  const sheet: XlsxProgress = { sheet: null, row: 0 };
  let active: AsyncGenerator<readonly string[]> | null = null;

  async function* raw(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of input as AsyncIterable<Buffer | string>) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        if (!buf.length) continue;
        bytes += buf.length;
        hash.update(buf);
        yield buf;
      }
    } catch (err) {
      failed = true;
      throw err;
    }
  }

  async function* read(): AsyncGenerator<readonly string[]> {
    // The first bytes say what the file is.
    const { first, all } = await sniff(raw());
    if (isOleCompound(first)) {
      throw new ImportRefused(
        'UNSUPPORTED_FORMAT',
        'This is an Excel 97-2003 workbook (.xls), which the hub does not read: save it as "Excel Workbook (.xlsx)" or "CSV UTF-8" and send it again.',
      );
    }
    if (isZip(first)) {
      kind = 'xlsx';
      yield* xlsxRows(
        Readable.from(all, { objectMode: false }),
        { sheet: opts.sheet, dateColumns: DATE_COLUMNS },
        sheet,
        () => failed,
      );
      return;
    }
    if (opts.format === 'xlsx' && first.length) {
      throw new ImportRefused(
        'MALFORMED_XLSX',
        'The file was sent as an .xlsx workbook but is not one (an .xlsx file is a zip archive): send the workbook itself, or a CSV file as text/csv.',
      );
    }
    const parser = csvParser(all, (decoder = createDecoder(opts.encoding)));
    try {
      for await (const record of parser) yield record;
    } catch (err) {
      throw csvFailure(err);
    }
  }

  return {
    get kind() {
      return kind;
    },
    bytes: () => bytes,
    checksum: () => hash.copy().digest(),
    records() {
      active = read();
      return active;
    },
    rowNumber: () => (kind === 'xlsx' ? sheet.row : -1),
    describe: () => ({
      format: kind,
      encoding: kind === 'csv' ? (decoder?.encoding ?? 'UTF-8') : null,
      sheet: kind === 'xlsx' ? sheet.sheet : null,
    }),
    explainHeader: async () => (kind === 'xlsx' && active ? mergedCellsFurtherOn(active) : null),
  };
}

/** The first bytes of a stream (SNIFF_BYTES, unless it is shorter), and the whole stream again, those bytes first. */
async function sniff(chunks: AsyncGenerator<Buffer>): Promise<{ first: Buffer; all: AsyncGenerator<Buffer> }> {
  const head: Buffer[] = [];
  let have = 0;
  while (have < SNIFF_BYTES) {
    const next = await chunks.next();
    if (next.done) break;
    head.push(next.value);
    have += next.value.length;
  }
  const first = Buffer.concat(head);
  const all = (async function* () {
    if (first.length) yield first;
    yield* chunks;
  })();
  return { first, all };
}

/** A CSV parser reading a byte stream, decoded to UTF-8 as it goes; its errors surface through its iterator. */
function csvParser(all: AsyncIterable<Buffer>, dec: Decoder): AsyncIterable<string[]> {
  const text = (async function* () {
    for await (const c of all) {
      const out = dec.push(c);
      if (out.length) yield out;
    }
    const out = dec.end();
    if (out.length) yield out;
  })();
  const parser = parse({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: MAX_RECORD_BYTES,
    skip_empty_lines: false,
  });
  // Errors surface through the parser's iterator; the pipeline promise only must not go unhandled.
  pipeline(Readable.from(text, { objectMode: false }), parser).catch(() => undefined);
  return parser as AsyncIterable<string[]>;
}

/** What to throw for an error reading CSV: the parser's own (CSV_*) as ImportRefused, anything else as it is. */
function csvFailure(err: unknown): unknown {
  if (err instanceof ImportRefused) return err;
  if (err && typeof err === 'object' && 'code' in err && String((err as CsvError).code).startsWith('CSV_'))
    return refuseParserError(err as CsvError);
  return err;
}

/** After an .xlsx header was refused: its merged cells, if the sheet has any (the merged ranges come after the rows: read on, discarding, to find them). */
async function mergedCellsFurtherOn(active: AsyncGenerator<readonly string[]>): Promise<ImportRefused | null> {
  try {
    while (!(await active.next()).done);
  } catch (err) {
    if (err instanceof ImportRefused && err.code === 'MERGED_CELLS') return err;
  }
  return null;
}

/** A CSV (or .xlsx) file: see fileSource. */
export const csvSource = fileSource;

/** Rows given directly (the GraphQL door): the same pipeline, with the columns as the header. */
export function rowsSource(
  columns: readonly string[],
  rows: readonly (readonly (string | null | undefined)[])[],
): RecordSource {
  const hash = createHash('sha256')
    .update(JSON.stringify([columns, rows]))
    .digest();
  return {
    kind: 'rows',
    bytes: () => 0,
    describe: () => ({ format: 'rows', encoding: null, sheet: null }),
    checksum: () => hash,
    async *records() {
      yield columns;
      for (const row of rows) yield row.map((v) => v ?? '');
    },
  };
}
