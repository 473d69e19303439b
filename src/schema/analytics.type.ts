import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DatasetKind } from '../domain/vocabulary.js';
import './enums.js';
import { CellOrder, GroupBy, HotspotComparison } from '../domain/api-enums.js';

/*
 * What every analysis shares: the enums of its arguments, the filter, the sources and
 * exclusions behind an answer, and the published count. Each analysis's own answer types
 * are in aggregate.type.ts, trends.type.ts, hotspots.type.ts, repeats.type.ts,
 * cross-agency.type.ts, indicators.type.ts and report.type.ts.
 */

registerEnumType(GroupBy, {
  name: 'GroupBy',
  description:
    'What counts are grouped by: a period (DAY, WEEK (from Monday), MONTH, QUARTER, YEAR, FINANCIAL_YEAR (from 1 April)), DAY_OF_WEEK, HOUR_OF_DAY (Europe/London), an area (LSOA, WARD, LOCAL_AUTHORITY, OUTWARD_POSTCODE, GRID_100M), CATEGORY, SUBCATEGORY, DATASET or AGENCY; or, in `aggregate`, a person field (AGE_BAND, SEX) or a coded detail field of the templates (WEAPON, LOCATION_TYPE, PROPERTY_TYPE, OUTCOME, CHANNEL, DOMESTIC_ABUSE, ALCOHOL_RELATED, LENGTH_OF_STAY). A person or detail grouping needs that field (AGE_BAND, SEX or DETAILS) granted for each dataset; datasets whose template does not keep it are left out.',
  valuesConfig: {
    AGE_BAND: { description: "The person's age band (templates with a victim or patient)." },
    SEX: { description: 'F or M (templates with a victim or patient).' },
    WEAPON: { description: 'A&E assaults (ISTV): method of assault.' },
    LOCATION_TYPE: { description: 'A&E assaults (ISTV): type of place.' },
    PROPERTY_TYPE: { description: 'Fire incidents: what burned.' },
    OUTCOME: { description: 'Ambulance call-outs: what happened to the patient.' },
    CHANNEL: { description: 'Council reports: how the report reached the council.' },
    DOMESTIC_ABUSE: { description: 'Police recorded crime: flagged as domestic abuse related (true/false).' },
    ALCOHOL_RELATED: { description: 'Police recorded crime: flagged as alcohol related (true/false).' },
    LENGTH_OF_STAY: { description: 'Hospital admissions: length of stay band (0, 1-2, 3-7, 8+ days).' },
  },
});

registerEnumType(CellOrder, {
  name: 'CellOrder',
  description: 'KEYS: as the groupings order them. COUNT_DESC, COUNT_ASC: by published count, suppressed cells last.',
});
registerEnumType(HotspotComparison, {
  name: 'HotspotComparison',
  description:
    'PREVIOUS_PERIOD: the period of the same length just before. YEAR_EARLIER: the same dates a year earlier (29 February as 1 March).',
});

@InputType('AnalysisFilter', {
  description: 'Which records to count. Filters match on values as coarse as your agreements allow.',
})
export class AnalysisFilterInput {
  @Field(() => Date, { nullable: true, description: 'Inclusive start.' })
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Exclusive end.' })
  to?: Date;

  @Field(() => [String], {
    nullable: true,
    description: 'Standard areas only: LSOA, ward or local authority codes, or outward postcodes.',
  })
  areas?: string[];

  @Field(() => [String], { nullable: true })
  categories?: string[];

  @Field(() => [String], { nullable: true })
  subcategories?: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'Dataset keys. A named dataset that cannot answer at the grain asked for is refused (FORBIDDEN).',
  })
  datasets?: string[];

  @Field(() => [String], { nullable: true, description: 'Agency codes.' })
  agencies?: string[];

  @Field(() => [DatasetKind], { nullable: true })
  kinds?: DatasetKind[];
}

@ObjectType('AnalysisSource', { description: 'A dataset behind a figure, and the agreements that let you see it.' })
export class AnalysisSourceType {
  @Field(() => String)
  dataset!: string;

  @Field(() => String)
  agency!: string;

  @Field(() => Boolean, { description: "Your own agency's data." })
  own!: boolean;

  @Field(() => Boolean, { description: 'Under disclosure control here: counts below `minCellSize` are suppressed.' })
  controlled!: boolean;

  @Field(() => Int)
  minCellSize!: number;

  @Field(() => [String], { description: 'References of the sharing agreements.' })
  agreements!: string[];
}

@ObjectType('AnalysisExclusion', { description: 'A dataset you may see that was left out of this answer, and why.' })
export class ExclusionType {
  @Field(() => String)
  dataset!: string;

  @Field(() => String)
  reason!: string;
}

/** What every analysis answer carries: where its figures come from, what was left out, and a CSV copy. */
@ObjectType()
export abstract class AnalysisAnswerType {
  @Field(() => [AnalysisSourceType], {
    description: 'The datasets behind the figures, with the agreements that shared them.',
  })
  sources!: AnalysisSourceType[];

  @Field(() => [ExclusionType], { description: 'Datasets left out, and why.' })
  excluded!: ExclusionType[];

  @Field(() => String, { description: 'The same answer as CSV.' })
  csv!: string;
}

/** An answer with counts under disclosure control. */
@ObjectType()
export abstract class ControlledAnswerType extends AnalysisAnswerType {
  @Field(() => Int, { description: 'Suppressed values in this answer (cells and totals).' })
  suppressedCells!: number;
}

@ObjectType('PublishedCount', { description: 'A count as published: null and `suppressed` when withheld, never 0.' })
export class PublishedCountType {
  @Field(() => String)
  key!: string;

  @Field(() => String)
  label!: string;

  @Field(() => Int, { nullable: true })
  value!: number | null;

  @Field(() => Boolean)
  suppressed!: boolean;

  @Field(() => Boolean, { description: 'The period is only partly inside the filter.' })
  partial!: boolean;

  @Field(() => Float, { nullable: true })
  rate?: number | null;
}
