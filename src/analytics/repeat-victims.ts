import type { AccessPlan, DatasetAccess } from '../auth/access-plan.js';
import { metrics } from '../metrics.js';
import { timeBounds, type AggregateFilter, type AggregateSource, type Exclusion } from './aggregate.service.js';
import { sourcesOf } from './aggregate-scope.js';
import { protectTable, type ProtectedTable } from './disclosure.js';
import type { Point } from './point.js';
import type { AnalysisDeps } from './repeat-analyses.js';
import { repeatVictimsFromRollup } from './repeats.js';

/*
 * Repeat victims: how many subjects of each dataset appear more than once, counted on the
 * hashed subject key (never shown), under the same scope and disclosure control as every
 * other analysis (run on the rollup of repeats.ts where it can answer).
 */

export interface RepeatVictimRow {
  dataset: string;
  subjects: Point;
  repeatSubjects: Point;
  repeatRecords: Point;
  records: Point;
  /** Share of records that belong to a repeat subject, from the published counts. */
  repeatShare: number | null;
}

export interface RepeatVictimsResult {
  rows: RepeatVictimRow[];
  sources: AggregateSource[];
  excluded: Exclusion[];
  suppressed: number;
  notes: string[];
  /** Where the figures came from (not published: for tests and benchmarks). */
  readFrom: 'rollup' | 'records';
}

/** The counts of one dataset, before disclosure control. */
interface VictimCounts {
  datasetId: string;
  subjects: number;
  repeatSubjects: number;
  repeatRecords: number;
  records: number;
}

type Measure = 'subjects' | 'repeatSubjects' | 'repeatRecords' | 'records';

export async function repeatVictims(
  deps: AnalysisDeps,
  plan: AccessPlan,
  opts: { filter?: AggregateFilter; rounding?: number },
): Promise<RepeatVictimsResult> {
  const filter = opts.filter ?? {};
  const needs = await deps.aggregates.filterNeeds(filter);
  const scoped = await deps.aggregates.scope(plan, needs, filter);
  // Repeat counts come from the hashed subject key, which no agreement lets anyone
  // see: they can never be derived from records, so only own data is uncontrolled.
  const controlled = new Set(scoped.included.filter((d) => !d.own).map((d) => d.datasetId));
  const info = await deps.aggregates.datasets();
  const sources = await deps.aggregates.withReferences(sourcesOf(scoped.included, controlled, info));
  if (!scoped.included.length)
    return { rows: [], sources, excluded: scoped.excluded, suppressed: 0, notes: [], readFrom: 'records' };
  const { rows, readFrom } = await victimCounts(deps, scoped.included, filter);
  const counted = new Set(rows.filter((r) => Number(r.records) > 0).map((r) => r.datasetId));
  for (const x of sources) x.contributed = counted.has(x.datasetId);
  const thresholds = Object.fromEntries(
    scoped.included.filter((d) => controlled.has(d.datasetId)).map((d) => [d.datasetId, d.minCellSize]),
  );
  const { tables, linked } = protectMeasures(rows, controlled, thresholds, opts.rounding);
  const at = (m: Measure, i: number, key: string): Point => ({ key, label: key, ...tables[m].cells[i] });
  const out: RepeatVictimRow[] = rows.map((r, i) => {
    const key = info.get(r.datasetId)?.key ?? '';
    const repeatRecords = at('repeatRecords', i, key);
    const records = at('records', i, key);
    return {
      dataset: key,
      subjects: at('subjects', i, key),
      repeatSubjects: at('repeatSubjects', i, key),
      repeatRecords,
      records,
      repeatShare:
        repeatRecords.value !== null && records.value
          ? Math.round((repeatRecords.value / records.value) * 1000) / 10
          : null,
    };
  });
  return {
    rows: out,
    sources,
    excluded: scoped.excluded,
    suppressed: Object.values(tables).reduce((s, t) => s + t.suppressed, 0) + linked,
    notes: [
      "Subjects are counted within each dataset: the hub keys each dataset's subjects separately, so one person in two datasets counts twice and no keys are ever shown.",
    ],
    readFrom,
  };
}

/** The counts of each included dataset: from the rollup where it answers exactly, otherwise from the records. */
async function victimCounts(
  deps: AnalysisDeps,
  included: readonly DatasetAccess[],
  filter: AggregateFilter,
): Promise<{ rows: VictimCounts[]; readFrom: 'rollup' | 'records' }> {
  // The rollup answers exactly for whole datasets over periods on London month boundaries.
  const rollup = deps.aggregates.usesRollups && repeatVictimsFromRollup(filter);
  if (rollup) {
    const { rows } = await deps.pool.query<VictimCounts>(rollup.sql, [
      included.map((d) => d.datasetId),
      ...rollup.params,
    ]);
    return { rows, readFrom: 'rollup' };
  }
  const params: unknown[] = [];
  const add = (v: unknown) => `$${params.push(v)}`;
  const where = [`r.dataset_id = any(${add(included.map((d) => d.datasetId))}::uuid[])`, 'r.subject_hash is not null'];
  if (filter.categories?.length) where.push(`r.category = any(${add(filter.categories)}::text[])`);
  if (filter.subcategories?.length) where.push(`r.subcategory = any(${add(filter.subcategories)}::text[])`);
  // As coarse as each dataset's time grant: a bound inside a month does not split data shared by month.
  where.push(...timeBounds(included, filter, add));
  if (filter.areas?.length) where.push(await deps.aggregates.areaClause('r', filter.areas, add));
  const sql = `
    select dataset_id as "datasetId", count(*)::int as subjects, (count(*) filter (where n > 1))::int as "repeatSubjects",
           coalesce(sum(n) filter (where n > 1), 0)::int as "repeatRecords", sum(n)::int as records
    from (select r.dataset_id, r.subject_hash, count(*) as n from shared_record r where ${where.join(' and ')} group by 1, 2) s
    group by dataset_id order by dataset_id`;
  const { rows } = await deps.pool.query<VictimCounts>(sql, params);
  return { rows, readFrom: 'records' };
}

/**
 * Disclosure control over the four measures, one table each, and over the equation that
 * links them; `linked` counts the entries hidden for the equation alone.
 */
function protectMeasures(
  rows: readonly VictimCounts[],
  controlled: ReadonlySet<string>,
  thresholds: Readonly<Record<string, number>>,
  rounding: number | undefined,
): { tables: Record<Measure, ProtectedTable>; linked: number } {
  const measure = (m: Measure) => {
    const table = protectTable({
      shape: [rows.length],
      cells: rows.map((r, i) => ({
        coords: [i],
        value: r[m],
        controlled: controlled.has(r.datasetId) ? { [r.datasetId]: r[m] } : {},
      })),
      thresholds,
      rounding,
    });
    metrics.cellsSuppressed(table.primary, table.secondary);
    return table;
  };
  const tables = {
    subjects: measure('subjects'),
    repeatSubjects: measure('repeatSubjects'),
    repeatRecords: measure('repeatRecords'),
    records: measure('records'),
  };
  // The four measures are linked: repeatSubjects = subjects - records + repeatRecords
  // (each subject seen once has one record). One hidden measure could be worked out
  // from the other three, so when any is hidden the two repeat measures are hidden with
  // it: the one equation is then left with at least two unknowns.
  let linked = 0;
  rows.forEach((_r, i) => {
    if (!Object.values(tables).some((t) => t.cells[i].suppressed)) return;
    for (const t of [tables.repeatSubjects, tables.repeatRecords]) {
      if (t.cells[i].suppressed) continue;
      t.cells[i] = { value: null, suppressed: true };
      linked++;
    }
  });
  return { tables, linked };
}
