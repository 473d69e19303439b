import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { AccessPlan, DatasetAccess } from '../auth/access-plan.js';
import { badInput } from '../auth/errors.js';
import { atLeastAsFine } from '../auth/record-fields.js';
import { Access, DatasetKind, LocationPrecision, RecordField, TimePrecision } from '../domain/vocabulary.js';
import { RecordIds } from './record-ids.js';
import { LONDON_TZ } from '../domain/uk-time.js';

export interface RecordFilter {
  datasets?: string[];
  kinds?: DatasetKind[];
  categories?: string[];
  from?: Date;
  to?: Date;
  areas?: string[];
}

export interface RecordRow {
  id: string;
  datasetId: string;
  dataset: string;
  provider: string;
  kind: DatasetKind;
  category: string | null;
  subcategory: string | null;
  occurredAt: Date | null;
  timePrecision: TimePrecision | null;
  locationPrecision: LocationPrecision | null;
  gridEasting: number | null;
  gridNorthing: number | null;
  lsoa: string | null;
  outwardPostcode: string | null;
  ward: string | null;
  localAuthority: string | null;
  ageBand: string | null;
  sex: string | null;
  details: Record<string, unknown> | null;
}

export interface RecordPage {
  nodes: RecordRow[];
  endCursor: string | null;
  hasNextPage: boolean;
  datasetKeys: string[];
}

export const MAX_PAGE_SIZE = 1000;

const TZ = LONDON_TZ;

/** Builds `$n` placeholders while collecting parameters. */
class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

function idsWhere(datasets: DatasetAccess[], pred: (d: DatasetAccess) => boolean): string[] {
  return datasets.filter(pred).map((d) => d.datasetId);
}

/**
 * Lists records under an access plan. Datasets the plan does not grant at record level
 * are never read; every governed column is coarsened or nulled in SQL to the grain the
 * plan allows for its dataset, and filters match on the coarsened values, so a filter
 * cannot be used to learn a finer value than the caller may see.
 */
export class RecordsService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly ids: RecordIds,
  ) {}

  async list(
    em: EntityManager,
    plan: AccessPlan,
    filter: RecordFilter,
    first: number,
    after?: string,
  ): Promise<RecordPage> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw badInput(`\`first\` must be between 1 and ${MAX_PAGE_SIZE}.`);
    }
    let visible = [...plan.datasets.values()].filter((d) => d.level === Access.RECORD);
    if (filter.datasets?.length) visible = visible.filter((d) => filter.datasets!.includes(d.datasetKey));
    if (filter.kinds?.length) {
      const kindOf = await this.kinds(
        em,
        visible.map((d) => d.datasetId),
      );
      visible = visible.filter((d) => filter.kinds!.includes(kindOf.get(d.datasetId)!));
    }
    if (visible.length === 0) return { nodes: [], endCursor: null, hasNextPage: false, datasetKeys: [] };

    const p = new Params();
    const any = (ids: string[]) => `r.dataset_id = any(${p.add(ids)}::uuid[])`;
    const when = (ids: string[], expr: string) => (ids.length ? `case when ${any(ids)} then ${expr} end` : 'null');
    const field = (f: RecordField) => (d: DatasetAccess) => d.fields[f].access === Access.RECORD;
    const loc = (needed: LocationPrecision) => (d: DatasetAccess) =>
      field(RecordField.LOCATION)(d) && atLeastAsFine(d.fields.LOCATION.recordPrecision, needed);
    const timeAt = (t: TimePrecision) => (d: DatasetAccess) =>
      field(RecordField.TIME)(d) && d.fields.TIME.recordPrecision === t;

    const grid = idsWhere(visible, loc(LocationPrecision.GRID_100M));
    const lsoa = idsWhere(visible, loc(LocationPrecision.LSOA));
    const outward = idsWhere(visible, loc(LocationPrecision.OUTWARD_POSTCODE));
    const ward = idsWhere(visible, loc(LocationPrecision.WARD));
    const la = idsWhere(visible, loc(LocationPrecision.LOCAL_AUTHORITY));
    const category = idsWhere(visible, field(RecordField.CATEGORY));

    // The stored grain may itself be coarser than the grant: take the coarser of the two.
    const timeCases = [
      [TimePrecision.MINUTE, `date_trunc('minute', r.occurred_at, '${TZ}')`],
      [TimePrecision.HOUR, `date_trunc('hour', r.occurred_at, '${TZ}')`],
      [TimePrecision.DAY, `date_trunc('day', r.occurred_at, '${TZ}')`],
      [TimePrecision.MONTH, `date_trunc('month', r.occurred_at, '${TZ}')`],
    ] as const;
    const grantedTime = timeCases
      .map(([t]) => [t, idsWhere(visible, timeAt(t))] as const)
      .filter(([, ids]) => ids.length);
    const grantedTimeExpr = grantedTime.length
      ? `case ${grantedTime.map(([t, ids]) => `when ${any(ids)} then '${t}'::time_precision`).join(' ')} end`
      : 'null::time_precision';
    // greatest() ignores nulls: without a TIME grant the effective grain must stay null.
    const effectiveTime = `(case when ${grantedTimeExpr} is null then null else greatest(${grantedTimeExpr}, r.time_precision) end)`;
    const occurredExpr = `case ${timeCases.map(([t, e]) => `when ${effectiveTime} = '${t}' then ${e}`).join(' ')} end`;

    const locationPrecisionExpr = `case when ${grid.length ? any(grid) : 'false'} and r.grid_easting is not null then 'GRID_100M'
      when ${lsoa.length ? any(lsoa) : 'false'} and r.lsoa_code is not null then 'LSOA'
      when ${outward.length ? any(outward) : 'false'} and r.outward_postcode is not null then 'OUTWARD_POSTCODE'
      when ${ward.length ? any(ward) : 'false'} and r.ward_code is not null then 'WARD'
      when ${la.length ? any(la) : 'false'} and r.local_authority_code is not null then 'LOCAL_AUTHORITY' end`;

    const where: string[] = [`r.dataset_id = any(${p.add(visible.map((d) => d.datasetId))}::uuid[])`];
    if (filter.categories?.length) where.push(`r.category = any(${p.add(filter.categories)}::text[])`);
    // Time filters apply to the value as the caller sees it.
    if (filter.from) where.push(`(${occurredExpr}) >= ${p.add(filter.from)}`);
    if (filter.to) where.push(`(${occurredExpr}) < ${p.add(filter.to)}`);
    if (filter.areas?.length && lsoa.length + ward.length + la.length === 0) {
      // No area level is visible, so no record can match; and an unused parameter would
      // make PostgreSQL fail ("could not determine data type"), found by the property test.
      where.push('false');
    } else if (filter.areas?.length) {
      const areas = p.add(filter.areas);
      const clauses = [
        lsoa.length ? `(${any(lsoa)} and r.lsoa_code = any(${areas}::text[]))` : '',
        ward.length ? `(${any(ward)} and r.ward_code = any(${areas}::text[]))` : '',
        la.length ? `(${any(la)} and r.local_authority_code = any(${areas}::text[]))` : '',
      ].filter(Boolean);
      where.push(clauses.length ? `(${clauses.join(' or ')})` : 'false');
    }
    const scope = RecordIds.scope(plan.principal.agencyId, plan.purpose);
    // A cursor continues the query that issued it: under another filter it is refused
    // rather than silently read as a position in a different list.
    const cursorScope = RecordIds.cursorScope(scope, filter);
    if (after) where.push(`r.id > ${p.add(this.ids.rowIdOf(cursorScope, after))}::bigint`);

    const sql = `
      select r.id::text as id, r.dataset_id as "datasetId", d.key as dataset, ag.code as provider, r.kind::text as kind,
        ${when(category, 'r.category')} as category,
        ${when(category, 'r.subcategory')} as subcategory,
        ${occurredExpr} as "occurredAt",
        ${effectiveTime}::text as "timePrecision",
        ${locationPrecisionExpr} as "locationPrecision",
        ${when(grid, 'r.grid_easting')} as "gridEasting",
        ${when(grid, 'r.grid_northing')} as "gridNorthing",
        ${when(lsoa, 'r.lsoa_code')} as lsoa,
        ${when(outward, 'r.outward_postcode')} as "outwardPostcode",
        ${when(ward, 'r.ward_code')} as ward,
        ${when(la, 'r.local_authority_code')} as "localAuthority",
        ${when(idsWhere(visible, field(RecordField.AGE_BAND)), 'r.age_band')} as "ageBand",
        ${when(idsWhere(visible, field(RecordField.SEX)), 'r.sex')} as sex,
        ${when(idsWhere(visible, field(RecordField.DETAILS)), 'r.details')} as details
      from shared_record r
      join dataset d on d.id = r.dataset_id
      join agency ag on ag.id = r.agency_id
      where ${where.join(' and ')}
      order by r.id
      limit ${p.add(first + 1)}`;
    const { rows } = await this.pool.query<RecordRow>(sql, p.values);
    const hasNextPage = rows.length > first;
    const nodes = hasNextPage ? rows.slice(0, first) : rows;
    const endCursor = nodes.length ? this.ids.cursor(cursorScope, nodes[nodes.length - 1].id) : null;
    for (const n of nodes) {
      // The ORM's pool returns timestamps as text.
      n.occurredAt = n.timePrecision === null || n.occurredAt === null ? null : new Date(n.occurredAt);
      n.id = this.ids.publicId(scope, n.id);
    }
    return {
      nodes,
      hasNextPage,
      endCursor,
      datasetKeys: [...new Set(nodes.map((n) => n.dataset))],
    };
  }

  private async kinds(_em: EntityManager, ids: string[]): Promise<Map<string, DatasetKind>> {
    // The ORM expands an array bound to `?` into a list (and an empty one into nothing):
    // bind it as one array parameter on the pool instead.
    if (ids.length === 0) return new Map();
    const { rows } = await this.pool.query<{ id: string; kind: DatasetKind }>(
      `select id, kind::text as kind from dataset where id = any($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.kind]));
  }
}
