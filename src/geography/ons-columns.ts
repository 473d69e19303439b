import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';

/**
 * The column layouts of the Office for National Statistics' geography files, matched by
 * pattern: the year in a column's name changes with each release (`LAD23CD`, `LAD24CD`),
 * so it is read from the header, never assumed. Extra columns (`ObjectId`, `FID`, Welsh
 * names such as `LAD24NMW`) are ignored; a leading byte order mark is dropped.
 */

/** A file that is not in the layout it was given as, or has a bad value. */
export class GeographyFileError extends Error {
  override readonly name = 'GeographyFileError';
}

/** One column a layout looks for. */
export interface ColumnSpec {
  /** What the importer calls it, e.g. `lsoaCode`. */
  key: string;
  /** The header name, with the year as the first capture group when the name carries one. */
  pattern: RegExp;
  /** How an error message names it, e.g. `LSOAyyCD`. */
  label: string;
  required: boolean;
  /** When several columns match (LSOA11CD and LSOA21CD), take the latest year or the earliest. */
  pick?: 'latest' | 'earliest';
  /** The key of another column whose year this one must share (a name with its code). */
  sameYearAs?: string;
}

export interface MatchedColumns {
  /** Column index per key (absent when an optional column is missing). */
  index: Record<string, number>;
  /** Four-digit year per key, when the column name carries one. */
  year: Record<string, number>;
}

/** A two-digit year in a GSS column name (`21` in `LSOA21CD`) as a four-digit year. */
export function fullYear(digits: string): number {
  const n = Number(digits);
  return digits.length === 4 ? n : 2000 + n;
}

/** A header cell without its byte order mark, surrounding spaces or quotes. */
export const cleanHeader = (h: string): string => h.replace(/^\uFEFF/, '').trim();

/**
 * Finds a layout's columns in a header. Throws a GeographyFileError naming every missing
 * required column (and the columns the file has), so an administrator can see at once
 * that they downloaded the wrong product.
 */
export function matchColumns(header: readonly string[], specs: readonly ColumnSpec[], layout: string): MatchedColumns {
  const cells = header.map(cleanHeader);
  const index: Record<string, number> = {};
  const year: Record<string, number> = {};
  const missing: string[] = [];
  for (const spec of specs) {
    const candidates: { i: number; year?: number }[] = [];
    cells.forEach((cell, i) => {
      const m = spec.pattern.exec(cell);
      if (m) candidates.push({ i, year: m[1] ? fullYear(m[1]) : undefined });
    });
    const wanted = spec.sameYearAs !== undefined ? year[spec.sameYearAs] : undefined;
    const usable = wanted === undefined ? candidates : candidates.filter((c) => c.year === wanted);
    if (!usable.length) {
      if (spec.required)
        missing.push(wanted === undefined ? spec.label : spec.label.replace('yy', String(wanted % 100)));
      continue;
    }
    usable.sort((a, b) => (spec.pick === 'earliest' ? 1 : -1) * ((a.year ?? 0) - (b.year ?? 0)));
    index[spec.key] = usable[0].i;
    if (usable[0].year !== undefined) year[spec.key] = usable[0].year;
  }
  if (missing.length) {
    const found = cells.filter(Boolean).slice(0, 30).join(', ');
    throw new GeographyFileError(
      `The file is not in the layout of ${layout}: it has no column ${missing.join(', ')} ` +
        `(yy stands for the two digits of a year, as in LSOA21CD). Its columns are: ${found || 'none'}.`,
    );
  }
  return { index, year };
}

/** Code and name columns of one GSS geography, e.g. `WD24CD` and `WD24NM`. */
export function codeAndName(
  prefix: string,
  key: string,
  required: boolean,
  pick?: 'latest' | 'earliest',
): ColumnSpec[] {
  return [
    { key: `${key}Code`, pattern: new RegExp(`^${prefix}(\\d{2})CD$`, 'i'), label: `${prefix}yyCD`, required, pick },
    {
      key: `${key}Name`,
      pattern: new RegExp(`^${prefix}(\\d{2})NM$`, 'i'),
      label: `${prefix}yyNM`,
      required,
      sameYearAs: `${key}Code`,
    },
  ];
}

/** A GSS code: a letter (E, W, S, N, K), two digits of entity type, six digits. */
export const GSS_CODE = /^[EWSNK]\d{8}$/;

/**
 * The rows of a CSV file, header first, streamed (csv-parse): quoted fields, a leading
 * byte order mark and Windows line ends are handled; blank lines are skipped.
 */
export async function* csvRows(source: Readable): AsyncGenerator<string[]> {
  const parser = source.pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, max_record_size: 1 << 16 }),
  );
  source.on('error', (err) => parser.destroy(err));
  try {
    for await (const row of parser as AsyncIterable<string[]>) yield row;
  } catch (err) {
    if (err instanceof Error && 'code' in err && String(err.code).startsWith('CSV_'))
      throw new GeographyFileError(`The file is not a readable CSV file: ${err.message}`);
    throw err;
  }
}
