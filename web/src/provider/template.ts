import { toCsv } from '../lib/csv';

export interface TemplateColumnLike {
  name: string;
  type: string;
  required: boolean;
  allowedValues?: string[] | null;
  maxLength: number;
}

/** An example value for a column of a template: plausible, never a real person's. */
export function exampleValue(c: TemplateColumnLike, row: number): string {
  // The first accepted value; an optional coded column is left empty on the second row (some codes depend on others).
  if (c.allowedValues?.length) return row === 0 || c.required ? c.allowedValues[0] : '';
  switch (c.type) {
    case 'DATE_TIME':
      return row === 0 ? '2026-10-03T21:40:00' : '2026-11-14T02:15:00';
    case 'REFERENCE':
      return c.required ? `EX-${String(1001 + row)}` : `EX-SUBJECT-${row + 1}`;
    case 'LSOA_CODE':
      return row === 0 ? 'E01000001' : 'E01000002';
    case 'POSTCODE':
      return row === 0 ? 'SW1A 1AA' : 'SW1A 2AA';
    case 'OUTWARD_POSTCODE':
      return 'SW1A';
    case 'EASTING':
      return '530000';
    case 'NORTHING':
      return '180000';
    case 'AGE':
      return String(25 + row * 11);
    case 'AGE_BAND':
      return row === 0 ? '18-24' : '25-34';
    case 'SEX':
      return row === 0 ? 'F' : 'M';
    case 'BOOLEAN':
      return row === 0 ? 'false' : 'true';
    case 'INTEGER':
      return String(row + 1);
    case 'ICD10_CODE':
      return 'X99';
    case 'SITE_CODE':
      return 'SITE01';
    case 'FREE_TEXT':
      return row === 0 ? 'Assault outside licensed premises' : '';
    default:
      return c.required ? 'EXAMPLE' : '';
  }
}

export interface ExampleGeography {
  /** An LSOA code the hub's geography knows (from `areas(level: LSOA)`). */
  lsoa?: string;
}

const LOCATION_TYPES = new Set(['EASTING', 'NORTHING', 'LSOA_CODE', 'POSTCODE', 'OUTWARD_POSTCODE']);

/**
 * A two-row example file for a template: its header, every required column filled, one
 * location (an LSOA the hub knows, else the postcode) and a few optional columns, so that
 * the file passes a dry run as it is.
 */
export function exampleCsv(columns: TemplateColumnLike[], geo: ExampleGeography = {}): string {
  const types = new Set(columns.map((c) => c.type));
  const location =
    geo.lsoa && types.has('LSOA_CODE')
      ? 'LSOA_CODE'
      : types.has('OUTWARD_POSTCODE')
        ? 'OUTWARD_POSTCODE'
        : types.has('POSTCODE')
          ? 'POSTCODE'
          : null;
  const value = (c: TemplateColumnLike, row: number) => {
    if (LOCATION_TYPES.has(c.type)) {
      if (c.type !== location && !c.required) return '';
      return c.type === 'LSOA_CODE' && geo.lsoa ? geo.lsoa : exampleValue(c, row);
    }
    // Age or its band, not both (they must agree).
    if (c.type === 'AGE' && types.has('AGE_BAND') && !c.required) return '';
    if (c.type === 'AGE_BAND' && !c.required) return row === 0 ? (c.allowedValues?.[3] ?? '') : '';
    return exampleValue(c, row);
  };
  return toCsv(
    columns.map((c) => c.name),
    [0, 1].map((row) => columns.map((c) => value(c, row))),
  );
}

/** The s17A period choices around a day: the current quarter and the four before it ("2026-Q4"), newest first. */
export function recentQuarters(today: string, count = 5): string[] {
  const [y, m] = today.split('-').map(Number);
  let q = Math.floor((m - 1) / 3) + 1;
  let year = y;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`${year}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
  }
  return out;
}

/** The months for a monthly dataset ("2026-12"), newest first. */
export function recentMonths(today: string, count = 6): string[] {
  const [y, m] = today.split('-').map(Number);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = y * 12 + (m - 1) - i;
    out.push(`${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/** The import door's address for a file. */
export function importUrl(
  dataset: string,
  opts: { dryRun: boolean; period?: string; encoding?: string; sheet?: string },
): string {
  const q = new URLSearchParams();
  if (opts.dryRun) q.set('dryRun', 'true');
  if (opts.period) q.set('period', opts.period);
  if (opts.encoding) q.set('encoding', opts.encoding);
  if (opts.sheet) q.set('sheet', opts.sheet);
  const s = q.toString();
  return `/import/${encodeURIComponent(dataset)}${s ? `?${s}` : ''}`;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function contentTypeFor(fileName: string): string {
  return /\.xlsx$/i.test(fileName) ? XLSX_TYPE : 'text/csv';
}
