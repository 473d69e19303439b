import { findIdentifiers, IDENTIFIER_LABELS } from './identifier-guard.js';
import type { RowMapping } from './row-mapping.js';
import { identifierText, notAllowedReason, type Rule } from './row-rules.js';

/**
 * The identifier guard's step in the row mapper: a value that is refused, or free text that
 * is dropped, is first checked for what direct identifier it looks like, so that the
 * rejection or the note names that kind (never the value) rather than only the rule broken.
 */

/** A refused value: as the identifier it looks like, if it does (never echoed), else as the rule broken. */
export function refuseValue(d: RowMapping, i: number, rule: Rule, v: string, reason?: string): void {
  const kinds = findIdentifiers(v);
  if (kinds.length) d.bad(i, `IDENTIFIER_${kinds[0]}`, identifierText(kinds[0]));
  else d.bad(i, rule, reason);
}

/** A coded column's value as its code (upper case), or null when empty or refused. */
export function codedValue(d: RowMapping, i: number): string | null {
  const v = d.values[i];
  if (v === '') return null;
  const u = v.toUpperCase();
  if (d.allowedAt[i]!.has(u)) return u;
  const kinds = findIdentifiers(v);
  if (kinds.length) d.bad(i, `IDENTIFIER_${kinds[0]}`, identifierText(kinds[0]));
  else d.bad(i, 'NOT_ALLOWED', notAllowedReason(v, d.allowedList[i], d.kind));
  return null;
}

/** Free text, always dropped: notes what it seemed to hold, or that no code was found in it where one was needed. */
export function noteFreeText(
  d: RowMapping,
  i: number,
  text: string,
  coded: boolean,
  needed: boolean,
  what: string,
): void {
  const kinds = findIdentifiers(text);
  if (kinds.length) {
    const labels = kinds.map((k) => IDENTIFIER_LABELS[k]);
    const list = labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}` : labels[0];
    d.notes.push({
      column: d.columns[i].name,
      kind: `IDENTIFIER_${kinds[0]}`,
      identifiers: kinds,
      reason: `looks like it holds ${list}: dropped, never stored (free text is always dropped)${coded ? `, after the ${what} was recognised` : ''}; remove identifiers from this column at source`,
    });
  } else if (needed && !coded) {
    d.notes.push({
      column: d.columns[i].name,
      kind: 'NOT_CODED',
      identifiers: [],
      reason: `no ${what} recognised in the text, which was dropped: give the ${what} in its own column`,
    });
  }
}
