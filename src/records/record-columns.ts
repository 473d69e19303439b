import type { DatasetAccess } from '../auth/access-plan.js';
import { atLeastAsFine } from '../auth/record-fields.js';
import { LONDON_TZ } from '../domain/uk-time.js';
import { Access, LocationPrecision, RecordField, TimePrecision } from '../domain/vocabulary.js';

/*
 * The governed columns of shared records, in SQL: each coarsened or nulled, per dataset,
 * to the grain the caller's plan grants, so that neither the values read nor the filters
 * matched on them can be finer than the caller may see.
 */

const TZ = LONDON_TZ;

/** Builds `$n` placeholders while collecting parameters. */
export class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

function idsWhere(datasets: DatasetAccess[], pred: (d: DatasetAccess) => boolean): string[] {
  return datasets.filter(pred).map((d) => d.datasetId);
}

const field = (f: RecordField) => (d: DatasetAccess) => d.fields[f].access === Access.RECORD;
const loc = (needed: LocationPrecision) => (d: DatasetAccess) =>
  field(RecordField.LOCATION)(d) && atLeastAsFine(d.fields.LOCATION.recordPrecision, needed);
const timeAt = (t: TimePrecision) => (d: DatasetAccess) =>
  field(RecordField.TIME)(d) && d.fields.TIME.recordPrecision === t;

/** The datasets whose records show each governed column (or location level). */
export interface Grains {
  grid: string[];
  lsoa: string[];
  outward: string[];
  ward: string[];
  la: string[];
  category: string[];
  ageBand: string[];
  sex: string[];
  details: string[];
}

export function grainsOf(visible: DatasetAccess[]): Grains {
  return {
    grid: idsWhere(visible, loc(LocationPrecision.GRID_100M)),
    lsoa: idsWhere(visible, loc(LocationPrecision.LSOA)),
    outward: idsWhere(visible, loc(LocationPrecision.OUTWARD_POSTCODE)),
    ward: idsWhere(visible, loc(LocationPrecision.WARD)),
    la: idsWhere(visible, loc(LocationPrecision.LOCAL_AUTHORITY)),
    category: idsWhere(visible, field(RecordField.CATEGORY)),
    ageBand: idsWhere(visible, field(RecordField.AGE_BAND)),
    sex: idsWhere(visible, field(RecordField.SEX)),
    details: idsWhere(visible, field(RecordField.DETAILS)),
  };
}

/** SQL over the record `r` of one query, whose parameters `p` collects. */
export class RecordSql {
  constructor(private readonly p: Params) {}

  /** The record is of one of these datasets. */
  any(ids: string[]): string {
    return `r.dataset_id = any(${this.p.add(ids)}::uuid[])`;
  }

  /** `expr` for records of these datasets, null for the others. */
  when(ids: string[], expr: string): string {
    return ids.length ? `case when ${this.any(ids)} then ${expr} end` : 'null';
  }

  /**
   * The time each record shows, and its grain: the grain granted for its dataset, or the
   * stored one where that is coarser; null without a TIME grant.
   */
  time(visible: DatasetAccess[]): { effectiveTime: string; occurredExpr: string } {
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
      ? `case ${grantedTime.map(([t, ids]) => `when ${this.any(ids)} then '${t}'::time_precision`).join(' ')} end`
      : 'null::time_precision';
    // greatest() ignores nulls: without a TIME grant the effective grain must stay null.
    const effectiveTime = `(case when ${grantedTimeExpr} is null then null else greatest(${grantedTimeExpr}, r.time_precision) end)`;
    const occurredExpr = `case ${timeCases.map(([t, e]) => `when ${effectiveTime} = '${t}' then ${e}`).join(' ')} end`;
    return { effectiveTime, occurredExpr };
  }

  /** The finest location level each record shows. */
  locationPrecision(g: Grains): string {
    const { grid, lsoa, outward, ward, la } = g;
    return `case when ${grid.length ? this.any(grid) : 'false'} and r.grid_easting is not null then 'GRID_100M'
      when ${lsoa.length ? this.any(lsoa) : 'false'} and r.lsoa_code is not null then 'LSOA'
      when ${outward.length ? this.any(outward) : 'false'} and r.outward_postcode is not null then 'OUTWARD_POSTCODE'
      when ${ward.length ? this.any(ward) : 'false'} and r.ward_code is not null then 'WARD'
      when ${la.length ? this.any(la) : 'false'} and r.local_authority_code is not null then 'LOCAL_AUTHORITY' end`;
  }

  /** Records in any of these areas, matched only at the area levels the record shows. */
  inAreas(g: Grains, areas: string[]): string {
    const { lsoa, ward, la } = g;
    if (lsoa.length + ward.length + la.length === 0) {
      // No area level is visible, so no record can match; and an unused parameter would
      // make PostgreSQL fail ("could not determine data type"), found by the property test.
      return 'false';
    }
    const list = this.p.add(areas);
    const clauses = [
      lsoa.length ? `(${this.any(lsoa)} and r.lsoa_code = any(${list}::text[]))` : '',
      ward.length ? `(${this.any(ward)} and r.ward_code = any(${list}::text[]))` : '',
      la.length ? `(${this.any(la)} and r.local_authority_code = any(${list}::text[]))` : '',
    ].filter(Boolean);
    return clauses.length ? `(${clauses.join(' or ')})` : 'false';
  }
}
