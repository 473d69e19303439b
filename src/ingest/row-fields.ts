import type { RowMapping } from './row-mapping.js';
import { LINE_BREAK_REASON, RULES, tooLong, type RowProblem } from './row-rules.js';

/**
 * The first step of mapping a row: its fields, checked as text and trimmed into the
 * mapping's values. A wrong number of fields, bytes that were not valid text, or a line
 * break outside free text refuses the row at once; values too long for their column are
 * problems too, and the row goes no further. Returns the row's problems, or null.
 */
export function readFields(d: RowMapping, fields: readonly string[]): RowProblem[] | null {
  const { width, columns, isFreeText, values } = d;
  if (fields.length !== width)
    return [{ column: null, rule: 'FIELD_COUNT', reason: `has ${fields.length} fields; the header has ${width}` }];
  if (d.problems.length) d.problems = [];
  for (let i = 0; i < width; i++) {
    const raw = fields[i];
    if (raw.includes('\uFFFD')) return [{ column: columns[i].name, rule: 'ENCODING', reason: RULES.ENCODING }];
    if (!isFreeText[i] && (raw.includes('\n') || raw.includes('\r')))
      return [{ column: columns[i].name, rule: 'LINE_BREAK', reason: LINE_BREAK_REASON }];
    const v = raw.length && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32) ? raw.trim() : raw;
    if (v.length > columns[i].maxLength) d.bad(i, 'TOO_LONG', tooLong(columns[i].maxLength));
    values[i] = v;
  }
  return d.problems.length ? d.problems : null;
}
