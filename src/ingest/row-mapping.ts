import { CATEGORIES } from '../domain/categories.js';
import { DatasetKind, LocationPrecision, TimePrecision } from '../domain/vocabulary.js';
import { ColumnType } from '../domain/api-enums.js';
import type { IdentifierKind } from './identifier-guard.js';
import type { RecordValues } from './record-copy-line.js';
import type { LsoaParents, MapperContext } from './row-mapper.js';
import { RULES, type Rule, type RowProblem } from './row-rules.js';
import type { TemplateColumn } from './template.js';

/** A free-text value dropped: which identifiers it seemed to hold, or why no code came of it. Never the text. */
export interface FreeTextNote {
  column: string;
  /** IDENTIFIER_<kind> (the first kind seen), or NOT_CODED. */
  kind: string;
  reason: string;
  /** Every kind of identifier seen in the text. */
  identifiers: readonly IdentifierKind[];
}

/**
 * One compiled row mapper's state: where each template column sits in the file (-1 when
 * absent) and what it accepts, worked out once; and the row being mapped, its values, its
 * problems and what it will store. The mapper runs a million times per file and is
 * synchronous, so the row's state is reused rather than allocated afresh for each row;
 * each step of the mapping (row-*.ts) sets the outputs it owns before reading them.
 */
export class RowMapping implements RecordValues {
  readonly kind: DatasetKind;
  readonly columns: readonly TemplateColumn[];
  readonly width: number;
  readonly iSource: number;
  readonly iSubject: number;
  readonly iCategory: number;
  readonly iSub: number;
  readonly iTime: number;
  readonly iEast: number;
  readonly iNorth: number;
  readonly iLsoa: number;
  readonly iPostcode: number;
  readonly iOutward: number;
  readonly iAge: number;
  readonly iAgeBand: number;
  readonly iSex: number;
  readonly iIcd: number;
  readonly iStay: number;
  readonly iSite: number;
  readonly iFreeLocation: number;
  readonly iFreeCategory: number;
  /** The coded and yes/no detail columns, with their positions. */
  readonly details: readonly (readonly [TemplateColumn, number])[];
  /** Each category's sub-categories. */
  readonly categories: ReadonlyMap<string, ReadonlySet<string>>;
  /** By position: the values a coded column accepts, for checking and for saying what is allowed. */
  readonly allowedAt: readonly (ReadonlySet<string> | undefined)[];
  readonly allowedList: readonly (readonly string[])[];
  readonly isFreeText: readonly boolean[];
  readonly keepsTime: TimePrecision;
  readonly keepsGrid: boolean;
  readonly locationRequired: boolean;
  readonly notAfterMs: number;
  readonly period: MapperContext['period'];
  readonly outsidePeriod: string;
  readonly lsoas: ReadonlyMap<string, LsoaParents>;

  // The row being mapped.
  readonly values: string[];
  problems: RowProblem[] = [];
  /** Notes on the row just mapped: free text dropped, and what it seemed to hold. */
  readonly notes: FreeTextNote[] = [];
  category: string | null = null;
  subcategory: string | null = null;
  occurred = 0;
  precision: TimePrecision;
  east: number | null = null;
  north: number | null = null;
  lsoa: string | null = null;
  parents: LsoaParents | undefined = undefined;
  outward: string | null = null;
  band: string | null = null;
  sex: string | null = null;
  detail: Record<string, string | boolean> | null = null;
  /** 0: no free text; 1: reduced to a code; 2: dropped without a code. */
  freeText: 0 | 1 | 2 = 0;

  constructor(ctx: MapperContext) {
    const { template, header } = ctx;
    const kind = (this.kind = template.kind);
    const at = (name: string) => header.index.get(name) ?? -1;
    this.iSource = at('source_ref');
    this.iSubject = at('subject_ref');
    this.iCategory = at('category');
    this.iSub = at('subcategory');
    this.iTime = at('occurred_at');
    this.iEast = at('easting');
    this.iNorth = at('northing');
    this.iLsoa = at('lsoa_code');
    this.iPostcode = at('postcode');
    this.iOutward = at('outward_postcode');
    this.iAge = at('age');
    this.iAgeBand = at('age_band');
    this.iSex = at('sex');
    this.iIcd = at('icd10_code');
    this.iStay = at('length_of_stay_days');
    this.iSite = at('site_code');
    const columns = (this.columns = header.columns);
    this.width = header.width;
    this.details = columns
      .map((c, i) => [c, i] as const)
      .filter(([c]) => c.target === 'detailCode' || c.target === 'detailFlag');
    this.iFreeLocation = columns.findIndex((c) => c.target === 'freeTextLocation');
    this.iFreeCategory = columns.findIndex((c) => c.target === 'freeTextCategory');

    this.categories = new Map(
      CATEGORIES[kind].map((c) => [c.code, new Set((c.subcategories ?? []).map((s) => s.code))]),
    );
    const allowed = new Map<TemplateColumn, ReadonlySet<string>>(
      columns.filter((c) => c.allowedValues).map((c) => [c, new Set(c.allowedValues)]),
    );
    this.allowedAt = columns.map((c) => allowed.get(c));
    const codesOf = (name: 'category' | 'subcategory') =>
      name === 'category'
        ? CATEGORIES[kind].map((c) => c.code)
        : CATEGORIES[kind].flatMap((c) => (c.subcategories ?? []).map((x) => x.code));
    this.allowedList = columns.map(
      (c) => c.allowedValues ?? (c.name === 'category' || c.name === 'subcategory' ? codesOf(c.name) : []),
    );
    this.isFreeText = columns.map((c) => c.type === ColumnType.FREE_TEXT);
    this.keepsTime = this.precision = template.precision.time;
    this.keepsGrid = template.precision.location === LocationPrecision.GRID_100M;
    this.locationRequired = template.locationRequired;
    this.notAfterMs = ctx.notAfterMs;
    this.period = ctx.period;
    this.outsidePeriod = ctx.period
      ? `${RULES.OUTSIDE_PERIOD} ${ctx.period.label}${ctx.period.span ? ` (${ctx.period.span})` : ''}`
      : RULES.OUTSIDE_PERIOD;
    this.lsoas = ctx.lsoas;
    this.values = new Array(this.width);
  }

  /** The row's (trimmed) value in a column, '' when the file has no such column. */
  get(i: number): string {
    return i < 0 ? '' : this.values[i];
  }

  /** A problem with the value in a column. */
  bad(i: number, rule: Rule, reason: string = RULES[rule as keyof typeof RULES]): void {
    this.problems.push({ column: this.columns[i].name, rule, reason });
  }
}
