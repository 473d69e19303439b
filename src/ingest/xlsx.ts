import type { Readable } from 'node:stream';
import { identifierReason, normaliseColumnName } from './identifier-guard.js';
import { ImportRefused } from './import-errors.js';
import { XlsxContainer } from './xlsx-container.js';

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

/** Shared strings: UTF-8 bytes in one growing buffer, with an offset table. */
class StringTable {
  private data = Buffer.allocUnsafe(1 << 16);
  private ends = new Uint32Array(1 << 12);
  private used = 0;
  size = 0;

  push(s: string): void {
    const need = this.used + Buffer.byteLength(s);
    if (need > this.data.length) {
      const next = Buffer.allocUnsafe(Math.max(need, this.data.length * 2));
      this.data.copy(next, 0, 0, this.used);
      this.data = next;
    }
    this.used += this.data.write(s, this.used, 'utf8');
    if (this.size === this.ends.length) {
      const next = new Uint32Array(this.ends.length * 2);
      next.set(this.ends);
      this.ends = next;
    }
    this.ends[this.size++] = this.used;
  }

  get(i: number): string {
    if (!(i >= 0 && i < this.size)) return '';
    return this.data.toString('utf8', i === 0 ? 0 : this.ends[i - 1], this.ends[i]);
  }
}

const ENTITY = /&(amp|lt|gt|quot|apos|#x[0-9a-f]+|#\d+);/gi;
const decodeXml = (s: string): string =>
  s.indexOf('&') < 0
    ? s
    : s.replace(ENTITY, (_m, e: string) => {
        switch (e.toLowerCase()) {
          case 'amp':
            return '&';
          case 'lt':
            return '<';
          case 'gt':
            return '>';
          case 'quot':
            return '"';
          case 'apos':
            return "'";
          default:
            return String.fromCodePoint(
              e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10),
            );
        }
      });

/** Column index (0-based) of a cell reference such as "AB12". */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

const rowOfRef = (ref: string): number => Number(/\d+/.exec(ref)?.[0] ?? 0);

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** An Excel date serial as the wall-clock text Excel shows: "YYYY-MM-DD" for a whole day, else with the time to the second. */
export function excelSerialToText(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  const days = serial + (date1904 ? 1462 : 0);
  const ms = Math.round(((days - 25569) * 86_400_000) / 1000) * 1000;
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  if (Number.isInteger(serial)) return date;
  return `${date} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** A number as Excel stored it, in its shortest decimal form ("440000.1", "12"). */
function numberText(v: string): string {
  const n = Number(v);
  return Number.isFinite(n) ? String(n) : v;
}

const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const ATTR_R = /\br="([^"]*)"/;
const ATTR_T = /\bt="([^"]*)"/;
const VALUE = /<v(?:\s[^>]*)?>([\s\S]*?)<\/v>/;
const TEXT = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g;
const MERGE = /<mergeCell\b[^>]*\bref="([^"]+)"/g;

/** Sheet names as the hub may repeat them: plain labels only (a sheet could be named after a person). */
function shownSheets(names: readonly string[]): string {
  return names
    .map((n, i) => (/^[\w .()&-]{1,40}$/.test(n) && !identifierReason(n) ? `"${n}"` : `sheet ${i + 1}`))
    .join(', ');
}

/** An attribute's value in a tag's attribute text (XML entities decoded). */
function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs);
  return m ? decodeXml(m[1]) : undefined;
}

interface SheetEntry {
  name: string;
  state?: string;
  part: string | undefined;
}

/** A relationship's target as a part name: relative to the folder of the part that names it, or absolute. */
function partName(from: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = from.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

/** The relationships of a part (Id to Type and part name). */
async function relationships(zip: XlsxContainer, of: string): Promise<Map<string, { type: string; part: string }>> {
  const slash = of.lastIndexOf('/');
  const rels = `${of.slice(0, slash + 1)}_rels/${of.slice(slash + 1)}.rels`;
  const out = new Map<string, { type: string; part: string }>();
  if (!zip.has(rels)) return out;
  for (const m of (await zip.text(rels)).matchAll(/<Relationship\b([^>]*?)\/?>/g)) {
    const id = attr(m[1], 'Id');
    const target = attr(m[1], 'Target');
    if (id && target && attr(m[1], 'TargetMode') !== 'External')
      out.set(id, { type: attr(m[1], 'Type') ?? '', part: partName(of, target) });
  }
  return out;
}

const SI_END = '</si>';
const PHONETIC = /<rPh\b[\s\S]*?<\/rPh>/g;

/** The shared strings, scanned a chunk at a time: each `<si>`'s text runs (rich text joined, phonetic guides left out). */
async function readSharedStrings(xml: AsyncIterable<Buffer | string>, strings: StringTable): Promise<void> {
  const decoder = new TextDecoder('utf-8');
  let buf = '';
  const take = () => {
    let end = buf.indexOf(SI_END);
    let pos = 0;
    while (end >= 0) {
      const start = buf.lastIndexOf('<si', end);
      const inner = buf.slice(buf.indexOf('>', start) + 1, end).replace(PHONETIC, '');
      let text = '';
      for (const m of inner.matchAll(TEXT)) text += m[1] ?? '';
      strings.push(decodeXml(text));
      pos = end + SI_END.length;
      end = buf.indexOf(SI_END, pos);
    }
    buf = buf.slice(pos);
  };
  for await (const chunk of xml) {
    buf += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    take();
  }
  buf += decoder.decode();
  take();
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
    let sheet: SheetEntry | undefined;
    let sheets: SheetEntry[];
    let date1904: boolean;
    const strings = new StringTable();
    try {
      const root = await relationships(zip, '_rels/.rels').catch(
        () => new Map<string, { type: string; part: string }>(),
      );
      const workbookPart =
        [...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.part ?? 'xl/workbook.xml';
      const workbook = await zip.text(workbookPart);
      const rels = await relationships(zip, workbookPart);
      date1904 = /<workbookPr\b[^>]*\bdate1904="(1|true)"/.test(workbook);
      sheets = [...workbook.matchAll(/<sheet\b([^>]*?)\/?>/g)].map((m) => ({
        name: attr(m[1], 'name') ?? '',
        state: attr(m[1], 'state'),
        part: rels.get(attr(m[1], 'r:id') ?? '')?.part,
      }));
      sheet =
        opts.sheet !== undefined
          ? sheets.find((s) => s.name === opts.sheet)
          : (sheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden') ?? sheets[0]);
      if (sheet) {
        const shared = [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'))?.part;
        if (shared && zip.has(shared)) await readSharedStrings(await zip.stream(shared), strings);
      }
    } catch (err) {
      throw malformed(err);
    }
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

/** Scans one worksheet's XML: rows and their cells, then the merged ranges (which follow the rows). */
async function* sheetRows(
  xml: AsyncIterable<Buffer | string>,
  strings: StringTable,
  opts: XlsxOptions,
  progress: XlsxProgress,
  date1904: boolean,
): AsyncGenerator<readonly string[]> {
  const decoder = new TextDecoder('utf-8');
  let buf = '';
  let inRows = true;
  let tail = '';
  let header: string[] | null = null;
  let headerRow = 0;
  let width = 0;
  let dateAt: boolean[] = [];
  let lastRow = 0;
  const fields: string[] = [];

  const cellValue = (attrs: string, inner: string | undefined, col: number): string => {
    if (inner === undefined) return '';
    const t = ATTR_T.exec(attrs)?.[1] ?? 'n';
    if (t === 'inlineStr') {
      let s = '';
      for (const m of inner.matchAll(TEXT)) s += m[1] ?? '';
      return decodeXml(s);
    }
    const v = VALUE.exec(inner)?.[1];
    if (v === undefined) return '';
    switch (t) {
      case 's':
        return strings.get(Number(v));
      case 'str':
        return decodeXml(v);
      case 'b':
        return v === '1' ? 'true' : 'false';
      case 'e':
        return decodeXml(v);
      case 'd':
        return decodeXml(v).replace('T', ' ').replace(/Z$/, '');
      default: {
        if (dateAt[col]) return excelSerialToText(Number(v), date1904) ?? numberText(v);
        return numberText(v);
      }
    }
  };

  const readRow = (attrs: string, content: string): string[] | null => {
    const r = Number(ATTR_R.exec(attrs)?.[1] ?? lastRow + 1);
    lastRow = r;
    fields.length = 0;
    let next = 0;
    for (const m of content.matchAll(CELL)) {
      const ref = ATTR_R.exec(m[1])?.[1];
      const col = ref ? columnOf(ref) : next;
      next = col + 1;
      const v = cellValue(m[1], m[2], col);
      if (v !== '') {
        while (fields.length < col) fields.push('');
        fields[col] = v;
      }
    }
    if (!header) {
      // Empty rows above the header are not the header.
      if (!fields.length) return null;
      header = fields.slice();
      headerRow = r;
      width = header.length;
      dateAt = header.map((h) => opts.dateColumns.has(normaliseColumnName(h)));
      progress.row = r;
      return header;
    }
    const out =
      fields.length >= width ? fields.slice() : fields.concat(new Array<string>(width - fields.length).fill(''));
    progress.row = r;
    return out;
  };

  const scan = function* (): Generator<readonly string[]> {
    let pos = 0;
    // Where the rows end, if in this buffer: found once per chunk, not once per row.
    const end = buf.indexOf('</sheetData>');
    const stop = end >= 0 ? end : buf.indexOf('<sheetData/>');
    for (;;) {
      let start = buf.indexOf('<row', pos);
      while (start >= 0) {
        const c = buf.charCodeAt(start + 4);
        if (c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13) break;
        start = buf.indexOf('<row', start + 4);
      }
      if (stop >= 0 && (start < 0 || stop < start)) {
        inRows = false;
        tail = buf.slice(stop);
        buf = '';
        return;
      }
      if (start < 0) break;
      const open = buf.indexOf('>', start);
      if (open < 0) break;
      let row: string[] | null;
      if (buf.charCodeAt(open - 1) === 47) {
        row = readRow(buf.slice(start + 4, open - 1), '');
        pos = open + 1;
      } else {
        const close = buf.indexOf('</row>', open);
        if (close < 0) break;
        row = readRow(buf.slice(start + 4, open), buf.slice(open + 1, close));
        pos = close + 6;
      }
      if (row) yield row;
    }
    // What is left may be the start of a row split across chunks.
    buf = buf.slice(pos);
  };

  for await (const chunk of xml) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (inRows) {
      buf += text;
      yield* scan();
    } else if (tail.length < 16 << 20) {
      tail += text;
    }
  }
  const rest = decoder.decode();
  if (inRows) {
    buf += rest;
    yield* scan();
  } else {
    tail += rest;
  }

  // Merged cells: a merged range keeps its value in its first cell only, and the others read
  // as empty, so a merged header hides column names and merged rows hide values.
  const merges = [...tail.matchAll(MERGE)].map((m) => m[1]);
  if (merges.length && header) {
    const inHeader = merges.filter((ref) => {
      const [from, to = from] = ref.split(':');
      return rowOfRef(from) <= headerRow && headerRow <= rowOfRef(to);
    });
    const shown = (list: string[]) =>
      list.slice(0, 5).join(', ') + (list.length > 5 ? ` and ${list.length - 5} more` : '');
    if (inHeader.length) {
      throw new ImportRefused(
        'MERGED_CELLS',
        `The header row (row ${headerRow}) has merged cells (${shown(inHeader)}): each column needs its own name in its own cell. Unmerge them (Home > Merge & Center > Unmerge Cells), put one template column name in each, and send the file again. Nothing was imported.`,
      );
    }
    throw new ImportRefused(
      'MERGED_CELLS',
      `The sheet has merged cells (${shown(merges)}): a merged cell keeps its value in its first cell only, so the rows it spans would read as empty. Unmerge them and fill each cell, then send the file again. Nothing was imported.`,
    );
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
