import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { AccessPlan, DatasetAccess } from '../auth/access-plan.js';
import { badInput } from '../auth/errors.js';
import { Access, DatasetKind, LocationPrecision, TimePrecision } from '../domain/vocabulary.js';
import { grainsOf, Params, RecordSql } from './record-columns.js';
import { RecordIds } from './record-ids.js';

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
    const visible = await this.visible(em, plan, filter);
    if (visible.length === 0) return { nodes: [], endCursor: null, hasNextPage: false, datasetKeys: [] };

    const p = new Params();
    const q = new RecordSql(p);
    const g = grainsOf(visible);
    const { effectiveTime, occurredExpr } = q.time(visible);
    const locationPrecisionExpr = q.locationPrecision(g);

    const where: string[] = [`r.dataset_id = any(${p.add(visible.map((d) => d.datasetId))}::uuid[])`];
    if (filter.categories?.length) where.push(`r.category = any(${p.add(filter.categories)}::text[])`);
    // Time filters apply to the value as the caller sees it.
    if (filter.from) where.push(`(${occurredExpr}) >= ${p.add(filter.from)}`);
    if (filter.to) where.push(`(${occurredExpr}) < ${p.add(filter.to)}`);
    if (filter.areas?.length) where.push(q.inAreas(g, filter.areas));
    const scope = RecordIds.scope(plan.principal.agencyId, plan.purpose);
    // A cursor continues the query that issued it: under another filter it is refused
    // rather than silently read as a position in a different list.
    const cursorScope = RecordIds.cursorScope(scope, filter);
    if (after) where.push(`r.id > ${p.add(this.ids.rowIdOf(cursorScope, after))}::bigint`);

    const sql = `
      select r.id::text as id, r.dataset_id as "datasetId", d.key as dataset, ag.code as provider, r.kind::text as kind,
        ${q.when(g.category, 'r.category')} as category,
        ${q.when(g.category, 'r.subcategory')} as subcategory,
        ${occurredExpr} as "occurredAt",
        ${effectiveTime}::text as "timePrecision",
        ${locationPrecisionExpr} as "locationPrecision",
        ${q.when(g.grid, 'r.grid_easting')} as "gridEasting",
        ${q.when(g.grid, 'r.grid_northing')} as "gridNorthing",
        ${q.when(g.lsoa, 'r.lsoa_code')} as lsoa,
        ${q.when(g.outward, 'r.outward_postcode')} as "outwardPostcode",
        ${q.when(g.ward, 'r.ward_code')} as ward,
        ${q.when(g.la, 'r.local_authority_code')} as "localAuthority",
        ${q.when(g.ageBand, 'r.age_band')} as "ageBand",
        ${q.when(g.sex, 'r.sex')} as sex,
        ${q.when(g.details, 'r.details')} as details
      from shared_record r
      join dataset d on d.id = r.dataset_id
      join agency ag on ag.id = r.agency_id
      where ${where.join(' and ')}
      order by r.id
      limit ${p.add(first + 1)}`;
    const { rows } = await this.pool.query<RecordRow>(sql, p.values);
    return this.page(rows, first, scope, cursorScope);
  }

  /** The datasets the plan grants at record level, narrowed by the filter's datasets and kinds. */
  private async visible(em: EntityManager, plan: AccessPlan, filter: RecordFilter): Promise<DatasetAccess[]> {
    let visible = [...plan.datasets.values()].filter((d) => d.level === Access.RECORD);
    if (filter.datasets?.length) visible = visible.filter((d) => filter.datasets!.includes(d.datasetKey));
    if (filter.kinds?.length) {
      const kindOf = await this.kinds(
        em,
        visible.map((d) => d.datasetId),
      );
      visible = visible.filter((d) => filter.kinds!.includes(kindOf.get(d.datasetId)!));
    }
    return visible;
  }

  /** One page of at most `first` rows (one more was read to know whether another follows), with public ids. */
  private page(rows: RecordRow[], first: number, scope: string, cursorScope: string): RecordPage {
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
