import { identifierReason } from './identifier-guard.js';
import { attr, decodeXml, TEXT } from './xlsx-cells.js';
import type { XlsxContainer } from './xlsx-container.js';

/**
 * An .xlsx workbook's parts around its worksheets: the relationships between parts, the
 * sheet list, and the shared strings (scanned a chunk at a time into a compact table).
 */

/** Shared strings: UTF-8 bytes in one growing buffer, with an offset table. */
export class StringTable {
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

/** Sheet names as the hub may repeat them: plain labels only (a sheet could be named after a person). */
export function shownSheets(names: readonly string[]): string {
  return names
    .map((n, i) => (/^[\w .()&-]{1,40}$/.test(n) && !identifierReason(n) ? `"${n}"` : `sheet ${i + 1}`))
    .join(', ');
}

export interface SheetEntry {
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
export async function relationships(
  zip: XlsxContainer,
  of: string,
): Promise<Map<string, { type: string; part: string }>> {
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
export async function readSharedStrings(xml: AsyncIterable<Buffer | string>, strings: StringTable): Promise<void> {
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

export interface WorkbookSheets {
  sheets: SheetEntry[];
  /** The sheet wanted: by name, or the first visible one (the first at all when every one is hidden). */
  sheet: SheetEntry | undefined;
  /** Whether the workbook counts dates from 1904 (old Mac Excel) rather than 1900. */
  date1904: boolean;
  /** The shared strings, read only when the sheet wanted is there. */
  strings: StringTable;
}

/** Reads the workbook part: its sheet list, the sheet wanted, its date system and (when the sheet is there) the shared strings. */
export async function readWorkbook(zip: XlsxContainer, sheetName: string | undefined): Promise<WorkbookSheets> {
  const strings = new StringTable();
  const root = await relationships(zip, '_rels/.rels').catch(() => new Map<string, { type: string; part: string }>());
  const workbookPart = [...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.part ?? 'xl/workbook.xml';
  const workbook = await zip.text(workbookPart);
  const rels = await relationships(zip, workbookPart);
  const date1904 = /<workbookPr\b[^>]*\bdate1904="(1|true)"/.test(workbook);
  const sheets = [...workbook.matchAll(/<sheet\b([^>]*?)\/?>/g)].map((m) => ({
    name: attr(m[1], 'name') ?? '',
    state: attr(m[1], 'state'),
    part: rels.get(attr(m[1], 'r:id') ?? '')?.part,
  }));
  const sheet =
    sheetName !== undefined
      ? sheets.find((s) => s.name === sheetName)
      : (sheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden') ?? sheets[0]);
  if (sheet) {
    const shared = [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'))?.part;
    if (shared && zip.has(shared)) await readSharedStrings(await zip.stream(shared), strings);
  }
  return { sheets, sheet, date1904, strings };
}
