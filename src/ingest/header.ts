import { IDENTIFIER_LABELS, identifierColumnKind, normaliseColumnName } from './identifier-guard.js';
import { ImportRefused } from './import-errors.js';
import type { DatasetTemplate, TemplateColumn } from './template.js';

/** A header matched against a template: which template column sits at which position. */
export interface ResolvedHeader {
  /** Number of fields every row must have. */
  width: number;
  /** Template column at each position (every position has one: unknown columns are refused). */
  columns: readonly TemplateColumn[];
  /** Position of each template column present, by name. */
  index: ReadonlyMap<string, number>;
}

// Header names are echoed in errors only when the row is a header (it names at least one
// template column) and they look like names, not like data: a file without a header row
// would otherwise have its first row of values repeated back.
const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9 _.()/-]{0,62}$/;

/**
 * Checks a header row against a template. Refuses the file, naming the columns, when a
 * column looks like a direct identifier, is not in the template, is repeated, or when a
 * required column is missing.
 */
export function resolveHeader(template: DatasetTemplate, raw: readonly string[]): ResolvedHeader {
  if (raw.length === 1 && /[;\t|]/.test(raw[0])) {
    const used = raw[0].includes(';') ? 'semicolons' : raw[0].includes('\t') ? 'tabs' : 'vertical bars';
    throw new ImportRefused(
      'WRONG_DELIMITER',
      `The header row seems to be separated by ${used}: the hub reads comma-separated files (CSV). Save the file as "CSV (comma delimited)" and send it again.`,
    );
  }
  const byName = new Map(template.columns.map((c) => [c.name, c]));
  const names = raw.map(normaliseColumnName);
  // No template column at all: this is not a header but, most likely, the first row of
  // data. Nothing of it is repeated back (it may hold exactly what must never be sent),
  // not even cells that look like identifiers: they are named by position only.
  if (!names.some((n) => byName.has(n))) {
    const suspect = names.flatMap((n, i) => (identifierColumnKind(n) ? [`column ${i + 1}`] : []));
    throw new ImportRefused(
      'NO_HEADER',
      `The first row is not a header of the ${template.title} template: none of its ${raw.length} columns is a template column. The first row must name the columns, e.g. ${template.columns
        .filter((c) => c.required)
        .map((c) => c.name)
        .join(', ')}.` +
        (suspect.length
          ? ` If the first row is data, check ${suspect.join(', ')}: they look like direct identifiers, which must never be sent to the hub.`
          : ''),
    );
  }
  const identifiers: string[] = [];
  const unknown: string[] = [];
  names.forEach((n, i) => {
    if (byName.has(n)) return;
    const shown = PLAIN_NAME.test(raw[i].trim()) ? `"${raw[i].trim()}"` : `column ${i + 1}`;
    const kind = identifierColumnKind(n);
    if (kind) identifiers.push(`${shown} (looks like ${IDENTIFIER_LABELS[kind]})`);
    else unknown.push(n === '' ? `column ${i + 1} (no name)` : shown);
  });
  if (identifiers.length) {
    throw new ImportRefused(
      'IDENTIFIER_COLUMNS',
      `Refused: the file has columns that look like direct identifiers, which must never be sent to the hub: ${identifiers.join(', ')}. Remove them and send the file again. ` +
        'References to people or cases belong in subject_ref or source_ref, which the hub keeps only as keyed hashes.',
    );
  }

  if (unknown.length) {
    throw new ImportRefused(
      'UNKNOWN_COLUMNS',
      `Refused: columns not in the ${template.title} template: ${unknown.join(', ')}. The template's columns are: ${template.columns.map((c) => c.name).join(', ')}.`,
    );
  }

  const index = new Map<string, number>();
  const repeated = new Set<string>();
  names.forEach((n, i) => (index.has(n) ? repeated.add(n) : index.set(n, i)));
  if (repeated.size)
    throw new ImportRefused(
      'DUPLICATE_COLUMNS',
      `Refused: these columns appear more than once: ${[...repeated].join(', ')}.`,
    );

  const missing = template.columns.filter((c) => c.required && !index.has(c.name)).map((c) => c.name);
  if (missing.length)
    throw new ImportRefused('MISSING_COLUMNS', `Refused: required columns are missing: ${missing.join(', ')}.`);
  if (index.has('easting') !== index.has('northing')) {
    throw new ImportRefused(
      'MISSING_COLUMNS',
      'Refused: easting and northing come together; the file has only one of them.',
    );
  }
  return { width: raw.length, columns: names.map((n) => byName.get(n)!), index };
}
