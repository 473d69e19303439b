import type { Readable } from 'node:stream';
import { ImportRefused } from './import-errors.js';
import { XlsxContainer } from './xlsx-container.js';
import { sheetRows } from './xlsx-sheet.js';
import { readWorkbook, shownSheets, type WorkbookSheets } from './xlsx-workbook.js';

/**
 * Reads the rows of one worksheet of an .xlsx workbook as text, streaming.
 *
 * The workbook's container is a zip archive, copied to a temporary file and read with
 * random access (xlsx-container.ts): the sheet list and its relationships first, then
 * the shared strings, scanned a chunk at a time into a compact table (one buffer and an
 * offset table, not a string object each), then the one sheet wanted, streamed. Memory
 * stays bounded whatever the size, and a sheet that is not wanted is never read.

 * The worksheet's XML is scanned here rather than by a spreadsheet library's row reader,
 * which builds a Row and a Cell object with its style for every cell (exceljs: about
 * 22,000 rows/s on these machines, against several times that for the scan): the scan reads each `<row>`'s
 * `<c>` cells, their type and cached value (a formula's last computed result), and at
 * the end the sheet's merged ranges.
 *
 * Values come out as the CSV path would have them: numbers as their shortest decimal
 * text, booleans as true/false, a number in a date-time column (occurred_at) as the
 * wall-clock date-time Excel shows (Excel stores dates as days since 1899-12-30, with no
 * time zone: UK local time, like any other date the hub reads), an error cell (#N/A) as
 * its code (refused by the column's rule).
 */

export interface XlsxOptions {
  /** A sheet by name; the first visible sheet otherwise. */
  sheet?: string;
  /** Normalised names of the columns whose numbers are Excel date serials. */
  dateColumns: ReadonlySet<string>;
}

export interface XlsxProgress {
  /** The sheet being read (its name), once known. */
  sheet: string | null;
  /** Sheet row number of the last row yielded. */
  row: number;
}

/**
 * The rows of a worksheet: the header first, then every row (as many fields as the header
 * has, or more when a row has values beyond it); a row with no values is all empty
 * strings (the pipeline counts it as blank). `progress` says which sheet row was last
 * yielded. Throws ImportRefused for what is not a readable workbook, a sheet that is not
 * there, or merged cells.
 */
export async function* xlsxRows(
  input: Readable,
  opts: XlsxOptions,
  progress: XlsxProgress,
  inputFailed: () => boolean,
): AsyncGenerator<readonly string[]> {
  const malformed = (cause: unknown) =>
    new ImportRefused(
      'MALFORMED_XLSX',
      'The spreadsheet could not be read as an .xlsx workbook (a damaged file, or another format with the same extension): nothing was imported. Open it in Excel and save it again as "Excel Workbook (.xlsx)", or as "CSV UTF-8".',
      { cause },
    );
  let zip: XlsxContainer;
  try {
    zip = await XlsxContainer.open(input);
  } catch (err) {
    if (inputFailed()) throw err;
    throw malformed(err);
  }
  try {
    let book: WorkbookSheets;
    try {
      book = await readWorkbook(zip, opts.sheet);
    } catch (err) {
      throw malformed(err);
    }
    const { sheet, sheets, date1904, strings } = book;
    if (!sheet) {
      if (opts.sheet !== undefined)
        throw new ImportRefused(
          'SHEET_NOT_FOUND',
          `The workbook has no sheet by that name. Its sheets: ${sheets.length ? shownSheets(sheets.map((s) => s.name)) : 'none'}. Name one of them (--sheet, or ?sheet= at the HTTP door), or leave it out to read the first.`,
        );
      throw new ImportRefused(
        'EMPTY_FILE',
        'The workbook has no worksheet: expected a header row naming the columns, then the data rows.',
      );
    }
    if (!sheet.part || !zip.has(sheet.part)) throw malformed(new Error(`the sheet ${sheet.name} has no part`));
    progress.sheet = sheet.name;
    let xml: Readable;
    try {
      xml = await zip.stream(sheet.part);
    } catch (err) {
      throw malformed(err);
    }
    try {
      yield* sheetRows(xml, strings, opts, progress, date1904);
    } catch (err) {
      if (err instanceof ImportRefused) throw err;
      throw malformed(err);
    }
  } finally {
    await zip.close();
  }
}

/** A zip archive, as an .xlsx workbook is. */
export function isZip(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/** An Excel 97-2003 workbook (OLE compound file). */
export function isOleCompound(head: Buffer): boolean {
  return head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0 && head.readUInt32BE(4) === 0xa1b11ae1;
}
