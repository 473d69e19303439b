import { normaliseColumnName } from './identifier-guard.js';
import { ImportRefused } from './import-errors.js';
import type { XlsxOptions, XlsxProgress } from './xlsx.js';
import {
  ATTR_R,
  ATTR_T,
  CELL,
  columnOf,
  decodeXml,
  excelSerialToText,
  MERGE,
  numberText,
  rowOfRef,
  TEXT,
  VALUE,
} from './xlsx-cells.js';
import type { StringTable } from './xlsx-workbook.js';

/**
 * Turns each `<row>` of a worksheet into its fields: the first row with a value is the
 * header (its width, and which of its columns hold dates), and later rows are padded to it.
 */
class SheetRowReader {
  header: string[] | null = null;
  headerRow = 0;
  private width = 0;
  private dateAt: boolean[] = [];
  private lastRow = 0;
  private readonly fields: string[] = [];

  constructor(
    private readonly strings: StringTable,
    private readonly opts: XlsxOptions,
    private readonly progress: XlsxProgress,
    private readonly date1904: boolean,
  ) {}

  /** A cell's value as text: its type (`t`) says how to read its `<v>` (or inline string). */
  private cellValue(attrs: string, inner: string | undefined, col: number): string {
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
        return this.strings.get(Number(v));
      case 'str':
        return decodeXml(v);
      case 'b':
        return v === '1' ? 'true' : 'false';
      case 'e':
        return decodeXml(v);
      case 'd':
        return decodeXml(v).replace('T', ' ').replace(/Z$/, '');
      default: {
        if (this.dateAt[col]) return excelSerialToText(Number(v), this.date1904) ?? numberText(v);
        return numberText(v);
      }
    }
  }

  /** A row's fields, from its `<row>` attributes and content; null for an empty row above the header. */
  read(attrs: string, content: string): string[] | null {
    const fields = this.fields;
    const r = Number(ATTR_R.exec(attrs)?.[1] ?? this.lastRow + 1);
    this.lastRow = r;
    fields.length = 0;
    let next = 0;
    for (const m of content.matchAll(CELL)) {
      const ref = ATTR_R.exec(m[1])?.[1];
      const col = ref ? columnOf(ref) : next;
      next = col + 1;
      const v = this.cellValue(m[1], m[2], col);
      if (v !== '') {
        while (fields.length < col) fields.push('');
        fields[col] = v;
      }
    }
    if (!this.header) {
      // Empty rows above the header are not the header.
      if (!fields.length) return null;
      const header = (this.header = fields.slice());
      this.headerRow = r;
      this.width = header.length;
      this.dateAt = header.map((h) => this.opts.dateColumns.has(normaliseColumnName(h)));
      this.progress.row = r;
      return header;
    }
    const width = this.width;
    const out =
      fields.length >= width ? fields.slice() : fields.concat(new Array<string>(width - fields.length).fill(''));
    this.progress.row = r;
    return out;
  }
}

/** Scans one worksheet's XML: rows and their cells, then the merged ranges (which follow the rows). */
export async function* sheetRows(
  xml: AsyncIterable<Buffer | string>,
  strings: StringTable,
  opts: XlsxOptions,
  progress: XlsxProgress,
  date1904: boolean,
): AsyncGenerator<readonly string[]> {
  const decoder = new TextDecoder('utf-8');
  const reader = new SheetRowReader(strings, opts, progress, date1904);
  let buf = '';
  let inRows = true;
  let tail = '';

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
        row = reader.read(buf.slice(start + 4, open - 1), '');
        pos = open + 1;
      } else {
        const close = buf.indexOf('</row>', open);
        if (close < 0) break;
        row = reader.read(buf.slice(start + 4, open), buf.slice(open + 1, close));
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
  refuseMergedCells(tail, reader.header !== null, reader.headerRow);
}

/**
 * Merged cells: a merged range keeps its value in its first cell only, and the others read
 * as empty, so a merged header hides column names and merged rows hide values. Refuses the
 * sheet when the XML after its rows lists any (and it had a header).
 */
function refuseMergedCells(tail: string, hasHeader: boolean, headerRow: number): void {
  const merges = [...tail.matchAll(MERGE)].map((m) => m[1]);
  if (!merges.length || !hasHeader) return;
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
