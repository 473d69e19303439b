import { cellSelectionProblem, selectCells, type CellSelection } from './cell-selection.js';
import type pg from 'pg';
import type { AccessPlan, DatasetAccess } from '../auth/access-plan.js';
import { badInput } from '../auth/errors.js';
import { atLeastAsFine } from '../auth/record-fields.js';
import { Access, DatasetKind, LocationPrecision, RecordField, TimePrecision } from '../domain/vocabulary.js';
import type { Published } from './disclosure.js';
import { publishAnswer } from './aggregate-publish.js';
import { scopeOf, sourcesOf, type AnswerScope, type DatasetInfo } from './aggregate-scope.js';
import { londonDate } from '../domain/uk-time.js';
import { GroupBy } from '../domain/api-enums.js';
import { tooManyCells, type CellRow } from './tabulate.js';
import {
  AREAS,
  ENVELOPE,
  keySql,
  needOf,
  PERIODS,
  ROLLUP_KEYS,
  rollupFor,
  timeBounds,
  type Need,
} from './groupings.js';

export {
  AREAS,
  isLondonMonthStart,
  keyLabel,
  PERIODS,
  rollupFor,
  timeBounds,
  type AreaGroup,
  type PeriodGroup,
} from './groupings.js';

export interface AggregateFilter {
  /** Inclusive start, matched on time as coarse as the dataset's grant. */
  from?: Date;
  /** Exclusive end. */
  to?: Date;
  /** Standard area codes: LSOA, ward, local authority (GSS) or outward postcode. */
  areas?: string[];
  categories?: string[];
  subcategories?: string[];
  /** Dataset keys. */
  datasets?: string[];
  /** Agency codes. */
  agencies?: string[];
  kinds?: DatasetKind[];
}

export interface AggregateRequest {
  groupBy: GroupBy[];
  filter?: AggregateFilter;
  /** Rates per 1,000 residents for LSOA, ward and local authority groupings (and area filters). */
  rates?: boolean;
  /** Round shown counts to this base (e.g. 5). */
  rounding?: number;
  /** Leave out records whose key is unknown (no location, time only to the day...) instead of grouping them under null. */
  knownOnly?: boolean;
  /** Most cells the answer may have (HUB_AGGREGATE_MAX_CELLS); a larger one is refused. */
  maxCells?: number;
  /** Which of the published cells to send: at least a count, in an order, at most a number (cell-selection.ts). */
  select?: CellSelection;
}

export interface AggregateCell {
  keys: (string | null)[];
  value: number | null;
  suppressed: boolean;
  rate: number | null;
}

export interface AggregateMargin {
  dimension: GroupBy;
  key: string | null;
  value: number | null;
  suppressed: boolean;
}

export interface AggregateSource {
  datasetId: string;
  dataset: string;
  agency: string;
  own: boolean;
  /** Under disclosure control (seen only in aggregate at this grain). */
  controlled: boolean;
  minCellSize: number;
  agreementIds: string[];
  agreements: string[];
  /** What the caller may see of the dataset at all: records (RECORD) or counts only (AGGREGATE). Own data is RECORD. */
  access: Access.RECORD | Access.AGGREGATE;
  /**
   * Whether any of the dataset's records are counted in the answer (not published: a dataset
   * in scope may hold no record the filter matches). Reports name only contributing datasets.
   */
  contributed: boolean;
}

export interface Exclusion {
  dataset: string;
  reason: string;
}

export interface AggregateResult {
  dimensions: GroupBy[];
  cells: AggregateCell[];
  margins: AggregateMargin[];
  total: Published & { rate: number | null };
  sources: AggregateSource[];
  excluded: Exclusion[];
  suppressed: number;
  rounding: number | null;
  /** Set when nothing shared with the caller for the purpose can answer: then the total is null, not 0. */
  notes: string[];
  /** How many cells met `select.minCount` (all the table's cells without it), before `select.limit`. */
  matchedCells: number;
}

interface AreaInfo {
  code: string;
  level: 'LSOA' | 'WARD' | 'LOCAL_AUTHORITY';
  population: number | null;
  name: string;
}

class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** The note of an answer that nothing shared with the caller for the purpose could answer. */
export const NO_DATA_NOTE =
  'No data that can answer this is shared with you for this purpose (see `excluded` for the datasets left out), so there is no count: a null total here means no data, not 0 events.';

/** Refuses a request the hub cannot answer as asked: repeated or clashing groupings, a bad rounding, period or selection. */
function checkRequest(req: AggregateRequest): void {
  const groupBy = req.groupBy;
  const filter = req.filter ?? {};
  if (new Set(groupBy).size !== groupBy.length) throw badInput('Each grouping may be given once.');
  if (groupBy.filter((g) => (PERIODS as readonly GroupBy[]).includes(g)).length > 1)
    throw badInput('Group by at most one period (DAY, WEEK, MONTH, QUARTER, YEAR or FINANCIAL_YEAR).');
  if (groupBy.filter((g) => (AREAS as readonly GroupBy[]).includes(g)).length > 1)
    throw badInput('Group by at most one kind of area.');
  if (groupBy.length > 4) throw badInput('Group by at most four things at once.');
  if (
    req.rounding !== undefined &&
    req.rounding !== null &&
    (!Number.isInteger(req.rounding) || req.rounding < 0 || req.rounding > 100)
  ) {
    throw badInput('`rounding` must be a whole number from 0 to 100.');
  }
  if (filter.from && filter.to && filter.from >= filter.to) throw badInput('`from` must be before `to`.');
  const selectionProblem = cellSelectionProblem(req.select ?? {});
  if (selectionProblem) throw badInput(selectionProblem);
}

/**
 * Counts of shared records under an access plan, with disclosure control. Datasets the
 * plan does not grant are never read; a dataset that cannot answer at the grain asked
 * for (its agreement allows only coarser time or location) is left out with a note, or
 * refused when the caller named it; filters match on values as coarse as the grant;
 * cells drawing on data the caller may see only in aggregate are suppressed below the
 * agreement's minimum cell size, with secondary suppression across the answer.
 */
export class AggregateService {
  private datasetCache?: { at: number; byId: Map<string, DatasetInfo> };
  private areaCache?: { at: number; byCode: Map<string, AreaInfo>; outward: Map<string, number | null> };
  private agreementCache?: { at: number; refs: Map<string, string> };

  constructor(
    private readonly pool: pg.Pool,
    /** false: always read the base table (for tests and benchmarks that compare the two). */
    private readonly opts: { rollups?: boolean } = {},
  ) {}

  /** Whether answers may come from the trigger-kept rollups (false in tests that compare them with the base table). */
  get usesRollups(): boolean {
    return this.opts.rollups !== false;
  }

  async datasets(): Promise<Map<string, DatasetInfo>> {
    if (this.datasetCache && Date.now() - this.datasetCache.at < 10_000) return this.datasetCache.byId;
    const { rows } = await this.pool.query<DatasetInfo>(
      `select d.id, d.key, d.kind::text as kind, a.code as "agencyCode" from dataset d join agency a on a.id = d.agency_id`,
    );
    this.datasetCache = { at: Date.now(), byId: new Map(rows.map((r) => [r.id, r])) };
    return this.datasetCache.byId;
  }

  /**
   * The WHERE clause for an areas filter on a table aliased `t` (shared_record or a
   * rollup): each code matched at its own level (LSOA, ward, local authority), anything
   * else as an outward postcode.
   */
  async areaClause(t: string, areas: readonly string[], add: (v: unknown) => string): Promise<string> {
    const { byCode } = await this.areas();
    const of = (level: string) => areas.filter((c) => byCode.get(c)?.level === level);
    const outward = areas.filter((c) => !byCode.has(c));
    const clauses = [
      of('LSOA').length ? `${t}.lsoa_code = any(${add(of('LSOA'))}::text[])` : '',
      of('WARD').length ? `${t}.ward_code = any(${add(of('WARD'))}::text[])` : '',
      of('LOCAL_AUTHORITY').length ? `${t}.local_authority_code = any(${add(of('LOCAL_AUTHORITY'))}::text[])` : '',
      outward.length ? `${t}.outward_postcode = any(${add(outward)}::text[])` : '',
    ].filter(Boolean);
    return `(${clauses.join(' or ')})`;
  }

  async areas(): Promise<{ byCode: Map<string, AreaInfo>; outward: Map<string, number | null> }> {
    if (this.areaCache && Date.now() - this.areaCache.at < 60_000) return this.areaCache;
    const { rows } = await this.pool.query<AreaInfo & { outward: string | null }>(
      `select code, level::text as level, population, name, outward_postcode as outward from area`,
    );
    const outward = new Map<string, number | null>();
    for (const r of rows) {
      if (r.level !== 'LSOA' || !r.outward) continue;
      const prev = outward.has(r.outward) ? outward.get(r.outward)! : 0;
      outward.set(r.outward, prev === null || r.population === null ? null : prev + r.population);
    }
    this.areaCache = { at: Date.now(), byCode: new Map(rows.map((r) => [r.code, r])), outward };
    return this.areaCache;
  }

  /** Fills in the references of the agreements behind each source. */
  async withReferences(sources: AggregateSource[]): Promise<AggregateSource[]> {
    if (!this.agreementCache || Date.now() - this.agreementCache.at > 10_000) {
      const { rows } = await this.pool.query<{ id: string; reference: string }>(
        `select id, reference from sharing_agreement`,
      );
      this.agreementCache = { at: Date.now(), refs: new Map(rows.map((r) => [r.id, r.reference])) };
    }
    const refs = this.agreementCache.refs;
    for (const s of sources) s.agreements = s.agreementIds.map((id) => refs.get(id) ?? id);
    return sources;
  }

  /** Names of standard areas, for labels. */
  async areaNames(): Promise<Map<string, string>> {
    const { byCode } = await this.areas();
    return new Map([...byCode.values()].map((a) => [a.code, a.name]));
  }

  /**
   * The datasets of the plan that can answer a request, the ones left out and why, and
   * whether each is under disclosure control for it.
   */
  async scope(
    plan: AccessPlan,
    needs: Need[],
    filter: AggregateFilter,
    /** The groupings asked for: a dataset whose template does not keep a grouping's field is left out. */
    groupBy: readonly GroupBy[] = [],
  ): Promise<AnswerScope> {
    return scopeOf(plan, await this.datasets(), needs, filter, groupBy);
  }

  /** What a filter needs granted: an area filter needs location at the areas' level, and so on. */
  async filterNeeds(filter: AggregateFilter): Promise<Need[]> {
    const needs: Need[] = [];
    if (filter.categories?.length || filter.subcategories?.length) needs.push({ field: RecordField.CATEGORY });
    if (filter.from || filter.to) needs.push({ field: RecordField.TIME, precision: TimePrecision.MONTH });
    if (filter.areas?.length) {
      const { byCode, outward } = await this.areas();
      let finest: LocationPrecision = LocationPrecision.LOCAL_AUTHORITY;
      for (const code of filter.areas) {
        const a = byCode.get(code);
        // Standard areas only: no shapes, no lists of grid squares.
        if (!a && !outward.has(code))
          throw badInput(
            `Unknown area "${code}": give LSOA, ward or local authority codes, or outward postcodes (see the \`areas\` query).`,
          );
        const level = a ? (a.level as LocationPrecision) : LocationPrecision.OUTWARD_POSTCODE;
        if (atLeastAsFine(level, finest)) finest = level;
      }
      needs.push({ field: RecordField.LOCATION, precision: finest });
    }
    return needs;
  }

  async aggregate(plan: AccessPlan, req: AggregateRequest): Promise<AggregateResult> {
    const groupBy = req.groupBy;
    const filter = req.filter ?? {};
    checkRequest(req);

    const needs = [...groupBy.filter((g) => !ENVELOPE.has(g)).map(needOf), ...(await this.filterNeeds(filter))];
    const { included, excluded, controlled } = await this.scope(plan, needs, filter, groupBy);
    const info = await this.datasets();
    const sources = sourcesOf(included, controlled, info);

    await this.withReferences(sources);
    const rows = included.length
      ? await this.query(included, groupBy, filter, req.knownOnly ?? false, req.maxCells)
      : [];
    const counted = new Set<string>();
    for (const r of rows) for (const ds in r.parts) if (r.parts[ds] > 0) counted.add(ds);
    for (const s of sources) s.contributed = counted.has(s.datasetId);
    const result = publishAnswer(groupBy, rows, sources, excluded, controlled, included, req, await this.areas());
    // Disclosure control ran on the whole table; only then are cells picked, by published value.
    const picked = selectCells(result.cells, req.select ?? {});
    result.cells = picked.cells;
    result.matchedCells = picked.matched;
    if (!included.length) {
      // Nothing to count is not a count of 0: the answer says so instead of showing 0.
      result.total = { value: null, suppressed: false, rate: null };
      result.notes = [NO_DATA_NOTE];
    }
    return result;
  }

  private async query(
    included: DatasetAccess[],
    groupBy: GroupBy[],
    filter: AggregateFilter,
    knownOnly: boolean,
    maxCells?: number,
  ): Promise<CellRow[]> {
    const rollup = this.opts.rollups === false ? undefined : rollupFor(groupBy, filter);
    if (rollup) return this.queryRollup(rollup, included, groupBy, filter, knownOnly, maxCells);
    const p = new Params();
    const where: string[] = [`r.dataset_id = any(${p.add(included.map((d) => d.datasetId))}::uuid[])`];
    if (filter.categories?.length) where.push(`r.category = any(${p.add(filter.categories)}::text[])`);
    if (filter.subcategories?.length) where.push(`r.subcategory = any(${p.add(filter.subcategories)}::text[])`);
    where.push(...timeBounds(included, filter, (v) => p.add(v)));
    if (filter.areas?.length) where.push(await this.areaClause('r', filter.areas, (v) => p.add(v)));
    const keys = groupBy.map(keySql);
    if (knownOnly) keys.forEach((k) => where.push(`(${k}) is not null`));
    const needsDataset = groupBy.includes(GroupBy.DATASET);
    const needsAgency = groupBy.includes(GroupBy.AGENCY);
    const sql = `
      select r.dataset_id as "datasetId", ${keys.map((k, i) => `${k} as k${i}`).join(', ')}${keys.length ? ',' : ''} count(*)::int as n
      from shared_record r
      ${needsDataset ? 'join dataset d on d.id = r.dataset_id' : ''}
      ${needsAgency ? 'join agency ag on ag.id = r.agency_id' : ''}
      where ${where.join(' and ')}
      group by r.dataset_id${keys.map((_, i) => `, k${i}`).join('')}`;
    return this.cellsOf(sql, p, groupBy, maxCells);
  }

  /**
   * The cells of an answer, one row each, from a query of counts per dataset and keys:
   * each with its count and the count of each dataset in it. With a limit, PostgreSQL
   * returns at most one cell more than allowed, so a refused answer never reaches the
   * hub's memory, and counts its size, to say how large it would be.
   */
  private async cellsOf(inner: string, p: Params, groupBy: GroupBy[], maxCells?: number): Promise<CellRow[]> {
    const keys = groupBy.map((_, i) => `k${i}`);
    const group = keys.length ? `group by ${keys.join(', ')}` : '';
    // With a limit, each row also says how many cells there are in all (counted after
    // grouping, before the limit): one scan either way.
    const limit = maxCells === undefined ? '' : `limit ${p.add(maxCells + 1)}`;
    const size = maxCells === undefined ? [] : ['count(*) over ()::int as cells'];
    const sql = `with t as (${inner})
      select ${[...keys, 'sum(n)::int as n', 'jsonb_object_agg("datasetId", n) as parts', ...size].join(', ')}
      from t ${group} having count(*) > 0 ${limit}`;
    const { rows } = await this.pool.query<CellRow & { cells?: number }>(sql, p.values);
    if (maxCells !== undefined && rows.length > maxCells) throw tooManyCells(rows[0].cells!, maxCells, groupBy);
    return rows;
  }

  /**
   * The same answer from a pre-aggregated table (see the analytics migration): exact,
   * because the rollups are kept by triggers in the writing transaction, and usable when
   * every grouping and filter is at month grain or coarser (bounds at London month
   * starts), which is what strategic and performance questions ask.
   */
  private async queryRollup(
    table: 'analytics_month' | 'analytics_peak',
    included: DatasetAccess[],
    groupBy: GroupBy[],
    filter: AggregateFilter,
    knownOnly: boolean,
    maxCells?: number,
  ): Promise<CellRow[]> {
    const p = new Params();
    const where: string[] = [`m.dataset_id = any(${p.add(included.map((d) => d.datasetId))}::uuid[])`];
    if (filter.categories?.length) where.push(`m.category = any(${p.add(filter.categories)}::text[])`);
    if (filter.subcategories?.length) where.push(`m.subcategory = any(${p.add(filter.subcategories)}::text[])`);
    if (filter.from) where.push(`m.month >= ${p.add(londonDate(filter.from))}::date`);
    if (filter.to) where.push(`m.month < ${p.add(londonDate(filter.to))}::date`);
    if (filter.areas?.length) where.push(await this.areaClause('m', filter.areas, (v) => p.add(v)));
    const keys = groupBy.map((g) => ROLLUP_KEYS[g]!);
    if (knownOnly) keys.forEach((k) => where.push(`(${k}) is not null`));
    const needsDataset = groupBy.includes(GroupBy.DATASET) || groupBy.includes(GroupBy.AGENCY);
    const sql = `
      select m.dataset_id as "datasetId", ${keys.map((k, i) => `${k} as k${i}`).join(', ')}${keys.length ? ',' : ''} sum(m.records)::int as n
      from ${table} m
      ${needsDataset ? 'join dataset d on d.id = m.dataset_id' : ''}
      ${groupBy.includes(GroupBy.AGENCY) ? 'join agency ag on ag.id = d.agency_id' : ''}
      where ${where.join(' and ')}
      group by m.dataset_id${keys.map((_, i) => `, k${i}`).join('')}
      having sum(m.records) > 0`;
    return this.cellsOf(sql, p, groupBy, maxCells);
  }
}
