import { KIND_NAMES } from '../domain/labels.js';
import { CATEGORIES, type CategoryDef } from '../domain/categories.js';
import { DatasetKind } from '../domain/vocabulary.js';
import type { AggregateFilter } from './aggregate.service.js';

/*
 * The partnership's serious violence definition (Serious Violence Duty, Police, Crime,
 * Sentencing and Courts Act 2022): which categories, and optionally which sub-categories,
 * of which kinds of data count as serious violence. Configured once for the partnership
 * (serious-violence.service.ts stores it) and read by every analysis and report that
 * speaks of serious violence, through seriousViolenceFilters. Pure: no database.
 */

/** One category of one kind of data that counts as serious violence. */
export interface SeriousViolenceEntry {
  kind: DatasetKind;
  /** A category code of the kind (src/domain/categories.ts). */
  category: string;
  /** Sub-category codes of that category that count; null: every record of the category counts. */
  subcategories: string[] | null;
}

export interface SeriousViolenceDefinition {
  entries: SeriousViolenceEntry[];
}

/** A definition as a caller gives it (GraphQL input, a JSON file): checked by seriousViolenceProblems. */
export interface SeriousViolenceDefinitionInput {
  entries: { kind: string; category: string; subcategories?: readonly string[] | null }[];
}

/** What an analysis filters by to count serious violence: always one kind, never an area or period. */
export type SeriousViolenceFilter = Pick<AggregateFilter, 'categories' | 'subcategories'> & {
  kinds: [DatasetKind];
};

/** Frozen all the way down: the default is shared by every caller that reads it. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The hub's default, after the Home Office's Serious Violence Duty guidance (homicide,
 * knife and gun crime, violence with injury, robbery) in the hub's coded categories:
 * police-recorded homicide, violence with injury, robbery and possession of weapons;
 * hospital admissions for assault (ICD-10 X85-Y09); every A&E assault attendance (ISTV);
 * ambulance call-outs to assaults and to stabbings or gunshot wounds.
 */
export const DEFAULT_SERIOUS_VIOLENCE_DEFINITION: SeriousViolenceDefinition = deepFreeze({
  entries: [
    {
      kind: DatasetKind.POLICE_CRIME,
      category: 'VIOLENCE_AGAINST_THE_PERSON',
      subcategories: ['HOMICIDE', 'VIOLENCE_WITH_INJURY'],
    },
    { kind: DatasetKind.POLICE_CRIME, category: 'ROBBERY', subcategories: null },
    { kind: DatasetKind.POLICE_CRIME, category: 'POSSESSION_OF_WEAPONS', subcategories: null },
    { kind: DatasetKind.HEALTH_ADMISSION, category: 'ASSAULT', subcategories: null },
    { kind: DatasetKind.AE_ASSAULT, category: 'ASSAULT', subcategories: null },
    { kind: DatasetKind.AMBULANCE_CALLOUT, category: 'ASSAULT', subcategories: null },
    { kind: DatasetKind.AMBULANCE_CALLOUT, category: 'STABBING_OR_GUNSHOT', subcategories: null },
  ],
});

const KINDS = Object.values(DatasetKind) as string[];
const isKind = (k: string): k is DatasetKind => KINDS.includes(k);
const categoryOf = (kind: DatasetKind, code: string): CategoryDef | undefined =>
  CATEGORIES[kind].find((c) => c.code === code);
const MAX_ENTRIES = 500;

/**
 * Everything wrong with a definition, naming each unknown kind, category and sub-category
 * (and the entry it is in); [] when it can be stored. Pure.
 */
export function seriousViolenceProblems(input: unknown): string[] {
  const entries = (input as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries))
    return ['A serious violence definition is {"entries": [{"kind", "category", "subcategories"?}, ...]}.'];
  if (entries.length === 0)
    return ['List at least one category that counts as serious violence: an empty definition would count nothing.'];
  if (entries.length > MAX_ENTRIES) return [`A definition lists at most ${MAX_ENTRIES} entries.`];
  const problems: string[] = [];
  const seen = new Set<string>();
  entries.forEach((raw: unknown, i) => {
    const at = `entry ${i + 1}`;
    const e = (raw ?? {}) as { kind?: unknown; category?: unknown; subcategories?: unknown };
    const kind = String(e.kind ?? '');
    if (!isKind(kind)) {
      problems.push(`Unknown kind of data "${kind}" (${at}); the kinds are ${KINDS.join(', ')}.`);
      return;
    }
    const code = String(e.category ?? '');
    const category = categoryOf(kind, code);
    if (!category) {
      problems.push(
        `"${code}" is not a category of ${kind} (${at}); its categories are ${CATEGORIES[kind].map((c) => c.code).join(', ')}.`,
      );
      return;
    }
    if (seen.has(`${kind}/${code}`))
      problems.push(`${kind} ${code} is listed twice (${at}): list each category once, with all its sub-categories.`);
    seen.add(`${kind}/${code}`);
    if (e.subcategories === null || e.subcategories === undefined) return;
    if (!Array.isArray(e.subcategories) || e.subcategories.length === 0) {
      problems.push(
        `Leave "subcategories" out to count every record of ${kind} ${code}, or list at least one sub-category (${at}).`,
      );
      return;
    }
    const known = (category.subcategories ?? []).map((s) => s.code);
    const unknown = e.subcategories.map(String).filter((s) => !known.includes(s));
    if (unknown.length) {
      problems.push(
        known.length
          ? `Not a sub-category of ${kind} ${code}: ${unknown.join(', ')} (${at}); its sub-categories are ${known.join(', ')}.`
          : `${kind} ${code} has no sub-categories: leave "subcategories" out (${at}).`,
      );
    }
  });
  return problems;
}

/**
 * A checked definition in its stored form: entries in the order of the hub's kinds and
 * categories, sub-categories once each in their own order. (A category with every
 * sub-category listed stays so: it does not count a record of the category that gives no
 * sub-category, as the whole category would.) Call after seriousViolenceProblems found
 * nothing. Pure.
 */
export function normaliseSeriousViolenceDefinition(input: SeriousViolenceDefinitionInput): SeriousViolenceDefinition {
  const entries: SeriousViolenceEntry[] = [];
  for (const kind of Object.values(DatasetKind)) {
    for (const category of CATEGORIES[kind]) {
      const given = input.entries.find((e) => e.kind === kind && e.category === category.code);
      if (!given) continue;
      const wanted = new Set(given.subcategories ?? []);
      const subs = (category.subcategories ?? []).map((s) => s.code).filter((s) => wanted.has(s));
      entries.push({ kind, category: category.code, subcategories: given.subcategories ? subs : null });
    }
  }
  return { entries };
}

/**
 * The filters that together count serious violence, for AggregateService and the analyses
 * (their `filter`, with the period and areas added by the caller). No record matches two of
 * them, so their counts add up. Per kind: the kind alone when every category of it counts;
 * otherwise one filter for the categories that count whole, and one for those that count
 * only some sub-categories (split further where a sub-category code would match in another
 * of its categories). Pure.
 */
export function seriousViolenceFilters(definition: SeriousViolenceDefinition): SeriousViolenceFilter[] {
  const filters: SeriousViolenceFilter[] = [];
  for (const kind of Object.values(DatasetKind)) {
    const entries = definition.entries.filter((e) => e.kind === kind);
    if (!entries.length) continue;
    const whole = entries.filter((e) => !e.subcategories?.length).map((e) => e.category);
    const partial = entries.filter((e) => e.subcategories?.length);
    if (!partial.length && CATEGORIES[kind].every((c) => whole.includes(c.code))) {
      filters.push({ kinds: [kind] });
      continue;
    }
    if (whole.length) filters.push({ kinds: [kind], categories: whole });
    const subs = partial.flatMap((e) => e.subcategories!);
    // (category in C and subcategory in S) is exact only if no chosen code is also a sub-category of another category in C.
    const clash = partial.some((e) =>
      (categoryOf(kind, e.category)?.subcategories ?? []).some(
        (s) => subs.includes(s.code) && !e.subcategories!.includes(s.code),
      ),
    );
    const groups = clash ? partial.map((e) => [e]) : partial.length ? [partial] : [];
    for (const g of groups)
      filters.push({
        kinds: [kind],
        categories: g.map((e) => e.category),
        subcategories: [...new Set(g.flatMap((e) => e.subcategories!))],
      });
  }
  return filters;
}

/** Whether a record of this kind, category and sub-category counts as serious violence. Pure. */
export function isSeriousViolence(
  definition: SeriousViolenceDefinition,
  kind: DatasetKind,
  category: string,
  subcategory: string | null,
): boolean {
  const e = definition.entries.find((x) => x.kind === kind && x.category === category);
  if (!e) return false;
  return !e.subcategories || (subcategory !== null && e.subcategories.includes(subcategory));
}

/** An entry in words, with the hub's labels: "Police recorded crime: Violence against the person (Homicide; Violence with injury)". */
export function entryInWords(e: SeriousViolenceEntry): string {
  const category = categoryOf(e.kind, e.category);
  const label = category?.label ?? e.category;
  const subs = e.subcategories?.map((s) => category?.subcategories?.find((x) => x.code === s)?.label ?? s);
  return `${KIND_NAMES[e.kind]}: ${label}${subs ? ` (${subs.join('; ')})` : ''}`;
}

/** Whether two definitions count the same records (compared in stored form). */
export function sameDefinition(a: SeriousViolenceDefinition, b: SeriousViolenceDefinition): boolean {
  const n = (d: SeriousViolenceDefinition) => JSON.stringify(normaliseSeriousViolenceDefinition(d).entries);
  return n(a) === n(b);
}
