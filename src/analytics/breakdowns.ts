import { GroupBy } from '../domain/api-enums.js';
import { DatasetKind, RecordField } from '../domain/vocabulary.js';
import type { TemplateColumn } from '../ingest/template.js';
import { TEMPLATES } from '../ingest/templates.js';

/**
 * Breakdowns by the person and detail fields the templates keep: age band, sex, and each
 * coded detail field (the A&E minimum dataset's weapon and location type, a fire's
 * property type...). Which datasets can answer, the accepted codes and their order all
 * come from the templates, so the groupings cannot drift from what imports store; a
 * check at load refuses a template detail field that has no grouping and no reason.
 */

/** The detail key in `shared_record.details` behind each detail grouping. */
export const DETAIL_GROUPS = {
  [GroupBy.WEAPON]: 'weapon',
  [GroupBy.LOCATION_TYPE]: 'locationType',
  [GroupBy.PROPERTY_TYPE]: 'propertyType',
  [GroupBy.OUTCOME]: 'outcome',
  [GroupBy.CHANNEL]: 'channel',
  [GroupBy.DOMESTIC_ABUSE]: 'domesticAbuse',
  [GroupBy.ALCOHOL_RELATED]: 'alcoholRelated',
  [GroupBy.LENGTH_OF_STAY]: 'lengthOfStayBand',
} as const satisfies Partial<Record<GroupBy, string>>;

/** Detail keys the templates store that are not offered as groupings, and why. */
export const NOT_GROUPED: Readonly<Record<string, string>> = {
  site: 'an NHS organisation code of any value, not a coded field of the template; DATASET and AGENCY already separate providers',
};

export type DetailGroup = keyof typeof DETAIL_GROUPS;
export type BreakdownGroup = GroupBy.AGE_BAND | GroupBy.SEX | DetailGroup;

interface Breakdown {
  /** The governed field a caller needs granted (at RECORD or AGGREGATE) for the dataset. */
  field: RecordField;
  /** The SQL key over shared_record aliased r. */
  sql: string;
  /** In words, for reasons and docs. */
  name: string;
  /** The template columns that fill it. */
  fills: (c: TemplateColumn) => boolean;
}

const detail = (key: string): Omit<Breakdown, 'name'> => ({
  field: RecordField.DETAILS,
  sql: `r.details->>'${key}'`,
  fills: (c) => c.detailKey === key,
});

const BREAKDOWNS: Readonly<Record<BreakdownGroup, Breakdown>> = {
  [GroupBy.AGE_BAND]: {
    field: RecordField.AGE_BAND,
    sql: 'r.age_band',
    name: 'age band',
    fills: (c) => c.target === 'ageBand' || c.target === 'age',
  },
  [GroupBy.SEX]: { field: RecordField.SEX, sql: 'r.sex', name: 'sex', fills: (c) => c.target === 'sex' },
  [GroupBy.WEAPON]: { ...detail(DETAIL_GROUPS.WEAPON), name: 'weapon' },
  [GroupBy.LOCATION_TYPE]: { ...detail(DETAIL_GROUPS.LOCATION_TYPE), name: 'location type' },
  [GroupBy.PROPERTY_TYPE]: { ...detail(DETAIL_GROUPS.PROPERTY_TYPE), name: 'property type' },
  [GroupBy.OUTCOME]: { ...detail(DETAIL_GROUPS.OUTCOME), name: 'outcome' },
  [GroupBy.CHANNEL]: { ...detail(DETAIL_GROUPS.CHANNEL), name: 'channel' },
  [GroupBy.DOMESTIC_ABUSE]: { ...detail(DETAIL_GROUPS.DOMESTIC_ABUSE), name: 'domestic abuse flag' },
  [GroupBy.ALCOHOL_RELATED]: { ...detail(DETAIL_GROUPS.ALCOHOL_RELATED), name: 'alcohol-related flag' },
  [GroupBy.LENGTH_OF_STAY]: { ...detail(DETAIL_GROUPS.LENGTH_OF_STAY), name: 'length of stay band' },
};

export const BREAKDOWN_GROUPS = Object.keys(BREAKDOWNS) as BreakdownGroup[];

export function isBreakdown(g: GroupBy): g is BreakdownGroup {
  return g in BREAKDOWNS;
}

export function breakdown(g: BreakdownGroup): Breakdown {
  return BREAKDOWNS[g];
}

/** The dataset kinds whose template keeps each breakdown's field. */
export const KINDS_WITH: ReadonlyMap<BreakdownGroup, ReadonlySet<DatasetKind>> = new Map(
  BREAKDOWN_GROUPS.map((g) => [
    g,
    new Set(
      (Object.values(DatasetKind) as DatasetKind[]).filter((k) => TEMPLATES[k].columns.some(BREAKDOWNS[g].fills)),
    ),
  ]),
);

/** Why a dataset of this kind cannot answer a breakdown (its template does not keep the field), if it cannot. */
export function templateGap(groupBy: readonly GroupBy[], kind: DatasetKind): string | undefined {
  const missing = groupBy.filter((g) => isBreakdown(g) && !KINDS_WITH.get(g)!.has(kind)) as BreakdownGroup[];
  if (!missing.length) return undefined;
  return `the ${kind} template does not record ${missing.map((g) => BREAKDOWNS[g].name).join(' or ')}`;
}

/** Each breakdown's codes in the template's order (flags: true, false), for sorting keys. */
const ORDER: ReadonlyMap<BreakdownGroup, ReadonlyMap<string, number>> = new Map(
  BREAKDOWN_GROUPS.map((g) => {
    const values: string[] = [];
    for (const t of Object.values(TEMPLATES))
      for (const c of t.columns.filter(BREAKDOWNS[g].fills)) {
        const list = c.type === 'BOOLEAN' ? ['true', 'false'] : (c.allowedValues ?? []);
        for (const v of list) if (!values.includes(v)) values.push(v);
      }
    return [g, new Map(values.map((v, i) => [v, i]))];
  }),
);

/** Orders two non-null keys of a breakdown: template order, then text. */
export function compareBreakdownKeys(g: BreakdownGroup, a: string, b: string): number {
  const order = ORDER.get(g)!;
  const ia = order.get(a) ?? Number.MAX_SAFE_INTEGER;
  const ib = order.get(b) ?? Number.MAX_SAFE_INTEGER;
  if (ia !== ib) return ia - ib;
  return a < b ? -1 : a > b ? 1 : 0;
}

const SEX_LABELS: Readonly<Record<string, string>> = { F: 'Female', M: 'Male' };

/** A readable label for a stored code: `KNIFE_OR_BLADE` is "Knife or blade", a flag's `true` is "Yes". */
export function breakdownLabel(g: BreakdownGroup, key: string): string {
  if (g === GroupBy.SEX) return SEX_LABELS[key] ?? key;
  if (g === GroupBy.AGE_BAND) return key;
  if (g === GroupBy.LENGTH_OF_STAY) return `${key} ${key === '1' ? 'day' : 'days'}`;
  if (key === 'true') return 'Yes';
  if (key === 'false') return 'No';
  const words = key.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Every detail field a template stores is either a grouping or named in NOT_GROUPED with
 * its reason, and every grouping's field is in some template: checked once, at load.
 */
export function checkBreakdowns(): void {
  const grouped = new Set<string>(Object.values(DETAIL_GROUPS));
  for (const t of Object.values(TEMPLATES))
    for (const c of t.columns) {
      if (c.detailKey && !grouped.has(c.detailKey) && !(c.detailKey in NOT_GROUPED))
        throw new Error(
          `Template ${t.kind} stores detail "${c.detailKey}", which has no GroupBy and no reason not to.`,
        );
    }
  for (const g of BREAKDOWN_GROUPS)
    if (!KINDS_WITH.get(g)!.size) throw new Error(`GroupBy ${g} is kept by no template.`);
}
checkBreakdowns();
