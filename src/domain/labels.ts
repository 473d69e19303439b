import { CATEGORIES } from './categories.js';
import { DatasetKind } from './vocabulary.js';

/**
 * Words for codes, for documents people read: reports say "Violence with injury", not
 * VIOLENCE_WITH_INJURY, and "council reports", not COUNCIL_REPORT.
 */

/** What a dataset kind holds, as a plural noun phrase that can start or sit inside a sentence. */
export const KIND_NOUNS: Readonly<Record<DatasetKind, string>> = {
  [DatasetKind.POLICE_CRIME]: 'police recorded crimes',
  [DatasetKind.POLICE_INCIDENT]: 'police incidents',
  [DatasetKind.FIRE_INCIDENT]: 'fire and rescue incidents',
  [DatasetKind.HEALTH_ADMISSION]: 'hospital admissions',
  [DatasetKind.AE_ASSAULT]: 'A&E assault attendances',
  [DatasetKind.AMBULANCE_CALLOUT]: 'ambulance call-outs',
  [DatasetKind.COUNCIL_REPORT]: 'council reports',
};

/** Each kind of data by name, as a heading or list item says it. */
export const KIND_NAMES: Readonly<Record<DatasetKind, string>> = {
  [DatasetKind.POLICE_CRIME]: 'Police recorded crime',
  [DatasetKind.POLICE_INCIDENT]: 'Police incidents',
  [DatasetKind.FIRE_INCIDENT]: 'Fire and rescue incidents',
  [DatasetKind.HEALTH_ADMISSION]: 'Hospital admissions',
  [DatasetKind.AE_ASSAULT]: 'A&E assault attendances',
  [DatasetKind.AMBULANCE_CALLOUT]: 'Ambulance call-outs',
  [DatasetKind.COUNCIL_REPORT]: 'Council reports',
};

/** "KNIFE_OR_BLADE" -> "Knife or blade"; "18-24" stays as it is. */
export function humanise(code: string): string {
  if (!/^[A-Z0-9_]+$/.test(code) || !/[A-Z]/.test(code)) return code;
  const words = code.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const categoryLabels = new Map<string, string>();
for (const defs of Object.values(CATEGORIES))
  for (const c of defs) {
    categoryLabels.set(c.code, c.label);
    for (const s of c.subcategories ?? []) categoryLabels.set(`${c.code}/${s.code}`, s.label);
  }

/** The label of a category code, or of `CATEGORY/SUBCATEGORY` (the subcategory's label). */
export function categoryLabel(code: string): string {
  return categoryLabels.get(code) ?? humanise(code);
}

/** "a, b and c". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
