/**
 * The text of an .xlsx workbook's XML as the hub reads it: entities decoded, attributes,
 * cell references, and cell values as the CSV path would have them (numbers as their
 * shortest decimal text, Excel date serials as the wall-clock date-time Excel shows).
 */

const ENTITY = /&(amp|lt|gt|quot|apos|#x[0-9a-f]+|#\d+);/gi;
export const decodeXml = (s: string): string =>
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
export function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

export const rowOfRef = (ref: string): number => Number(/\d+/.exec(ref)?.[0] ?? 0);

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
export function numberText(v: string): string {
  const n = Number(v);
  return Number.isFinite(n) ? String(n) : v;
}

export const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
export const ATTR_R = /\br="([^"]*)"/;
export const ATTR_T = /\bt="([^"]*)"/;
export const VALUE = /<v(?:\s[^>]*)?>([\s\S]*?)<\/v>/;
export const TEXT = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g;
export const MERGE = /<mergeCell\b[^>]*\bref="([^"]+)"/g;

/** An attribute's value in a tag's attribute text (XML entities decoded). */
export function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs);
  return m ? decodeXml(m[1]) : undefined;
}
