import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DatasetKind } from '../domain/vocabulary.js';
import './enums.js';
import { CellOrder, GroupBy, HotspotComparison, ReportFormat } from '../domain/api-enums.js';

export { ReportFormat };

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
registerEnumType(ReportFormat, {
  name: 'ReportFormat',
  description: 'HTML (print-ready), MARKDOWN, or DOCX (a Word document, base64-encoded in `document`).',
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

@ObjectType('AggregateCell')
export class AggregateCellType {
  @Field(() => [String], {
    nullable: 'items',
    description: 'One key per grouping, in order; null when unknown (e.g. no location recorded).',
  })
  keys!: (string | null)[];

  @Field(() => [String], { description: 'Readable labels of the keys.' })
  labels!: string[];

  @Field(() => Int, { nullable: true, description: 'Null when suppressed.' })
  value!: number | null;

  @Field(() => Boolean)
  suppressed!: boolean;

  @Field(() => Float, {
    nullable: true,
    description: 'Per 1,000 residents, from the published count (when asked for and population is loaded).',
  })
  rate!: number | null;
}

@ObjectType('AggregateMargin', { description: 'A total over one key of one grouping (a row or column total).' })
export class AggregateMarginType {
  @Field(() => GroupBy)
  dimension!: GroupBy;

  @Field(() => String, { nullable: true })
  key!: string | null;

  @Field(() => String)
  label!: string;

  @Field(() => Int, { nullable: true })
  value!: number | null;

  @Field(() => Boolean)
  suppressed!: boolean;
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

@ObjectType('AggregateResult')
export class AggregateResultType extends ControlledAnswerType {
  @Field(() => [GroupBy])
  dimensions!: GroupBy[];

  @Field(() => [AggregateCellType])
  cells!: AggregateCellType[];

  @Field(() => [AggregateMarginType], { description: 'Row and column totals (two or more groupings).' })
  margins!: AggregateMarginType[];

  @Field(() => Int, {
    description:
      'How many cells met `minCount` (all the cells without it), before `limit`: more than `cells` when the limit cut.',
  })
  matchedCells!: number;

  @Field(() => PublishedCountType)
  total!: PublishedCountType;

  @Field(() => Int, { nullable: true })
  rounding!: number | null;

  @Field(() => [String], {
    description:
      'Set when nothing shared with you for this purpose can answer: the total is then null (no data), not 0 (no events).',
  })
  notes!: string[];
}

@ObjectType('Change')
export class ChangeType {
  @Field(() => PublishedCountType)
  from!: PublishedCountType;

  @Field(() => PublishedCountType)
  to!: PublishedCountType;

  @Field(() => Float, { nullable: true })
  percent!: number | null;

  @Field(() => String, { description: 'UP, DOWN, NO_CHANGE or UNKNOWN.' })
  direction!: string;

  @Field(() => String, { description: 'E.g. "down 24.8%, from 6,003 to 4,517".' })
  text!: string;
}

@ObjectType('CategoryTrend')
export class CategoryTrendType {
  @Field(() => String)
  category!: string;

  @Field(() => [PublishedCountType])
  series!: PublishedCountType[];

  @Field(() => ChangeType, { nullable: true, description: 'First to last complete period.' })
  change!: ChangeType | null;

  @Field(() => ChangeType, { nullable: true, description: 'The last complete period against the one before.' })
  yearOnYear!: ChangeType | null;
}

@ObjectType('Trend')
export class TrendType extends ControlledAnswerType {
  @Field(() => GroupBy)
  period!: GroupBy;

  @Field(() => [PublishedCountType])
  series!: PublishedCountType[];

  @Field(() => ChangeType, { nullable: true, description: 'Direction of travel: first to last complete period.' })
  change!: ChangeType | null;

  @Field(() => [CategoryTrendType])
  categories!: CategoryTrendType[];

  @Field(() => PublishedCountType)
  total!: PublishedCountType;

  @Field(() => [String], {
    description:
      'Set when nothing shared with you for this purpose can answer: the total is then null (no data), not 0 (no events).',
  })
  notes!: string[];
}

@ObjectType('PeakCell')
export class PeakCellType {
  @Field(() => Int, { description: 'ISO day of week: 1 Monday ... 7 Sunday.' })
  day!: number;

  @Field(() => Int)
  hour!: number;

  @Field(() => Int, { nullable: true })
  value!: number | null;

  @Field(() => Boolean)
  suppressed!: boolean;
}

@ObjectType('PeakSlot')
export class PeakSlotType {
  @Field(() => Int)
  day!: number;

  @Field(() => Int)
  hour!: number;

  @Field(() => String)
  label!: string;

  @Field(() => Int)
  value!: number;
}

@ObjectType('PeakTimes')
export class PeakTimesType extends ControlledAnswerType {
  @Field(() => [PeakCellType], { description: '7 x 24 cells, Monday 00:00 first.' })
  cells!: PeakCellType[];

  @Field(() => [PublishedCountType])
  days!: PublishedCountType[];

  @Field(() => [PublishedCountType])
  hours!: PublishedCountType[];

  @Field(() => PublishedCountType)
  total!: PublishedCountType;

  @Field(() => String, { nullable: true })
  peakDay!: string | null;

  @Field(() => String, { nullable: true })
  peakHour!: string | null;

  @Field(() => [PeakSlotType])
  peaks!: PeakSlotType[];

  @Field(() => [String], {
    description:
      'Set when nothing shared with you for this purpose can answer: the cells and totals are then null (no data), not 0 (no events).',
  })
  notes!: string[];
}

@ObjectType('Hotspot')
export class HotspotType {
  @Field(() => String)
  area!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Int, { nullable: true })
  current!: number | null;

  @Field(() => Boolean)
  currentSuppressed!: boolean;

  @Field(() => Int, { nullable: true })
  previous!: number | null;

  @Field(() => Boolean)
  previousSuppressed!: boolean;

  @Field(() => Float, { nullable: true })
  changePercent!: number | null;

  @Field(() => Float, { nullable: true, description: 'Per 1,000 residents (current period).' })
  rate!: number | null;
}

@ObjectType('Hotspots')
export class HotspotsType extends ControlledAnswerType {
  @Field(() => GroupBy)
  level!: GroupBy;

  @Field(() => HotspotComparison, { description: 'What the previous counts are for.' })
  compareWith!: HotspotComparison;

  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;

  @Field(() => Date)
  previousFrom!: Date;

  @Field(() => Date)
  previousTo!: Date;

  @Field(() => [HotspotType])
  rows!: HotspotType[];
}

@ObjectType('RepeatLocation')
export class RepeatLocationType {
  @Field(() => String)
  dataset!: string;

  @Field(() => String)
  area!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  category!: string;

  @Field(() => Int, { description: 'Most records here, of this category, within any window of `withinDays` days.' })
  peakInWindow!: number;

  @Field(() => Int)
  total!: number;

  @Field(() => Date, {
    nullable: true,
    description:
      "Day of the first record here (to the day); null for data you may see only in aggregate, where it would be one record's day.",
  })
  firstAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Day of the last record here; null as firstAt.' })
  lastAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'Day of the first record of the busiest window (the one counted in peakInWindow; the earliest when several tie); null as firstAt.',
  })
  peakStartsAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'Day of the record at which the count within `withinDays` reached its peak: the last record of the busiest window (the earliest such window when several tie); null as firstAt.',
  })
  peakEndsAt!: Date | null;
}

@ObjectType('RepeatLocations')
export class RepeatLocationsType extends AnalysisAnswerType {
  @Field(() => GroupBy)
  level!: GroupBy;

  @Field(() => Int)
  minCount!: number;

  @Field(() => Int)
  withinDays!: number;

  @Field(() => Int, { description: 'Places skipped before the first row, in the same order (paging).' })
  offset!: number;

  @Field(() => Int, {
    description:
      'How many places meet the threshold in all, for paging through them with `offset`. Asking for it reads every record of the period.',
  })
  totalPlaces!: number;

  @Field(() => [RepeatLocationType])
  rows!: RepeatLocationType[];

  @Field(() => [String])
  notes!: string[];
}

@ObjectType('RepeatVictimCounts', { description: 'Counts only: subject keys never leave the hub.' })
export class RepeatVictimRowType {
  @Field(() => String)
  dataset!: string;

  @Field(() => PublishedCountType, { description: 'Distinct subjects with records.' })
  subjects!: PublishedCountType;

  @Field(() => PublishedCountType, { description: 'Subjects with more than one record.' })
  repeatSubjects!: PublishedCountType;

  @Field(() => PublishedCountType, { description: 'Records of those repeat subjects.' })
  repeatRecords!: PublishedCountType;

  @Field(() => PublishedCountType)
  records!: PublishedCountType;

  @Field(() => Float, { nullable: true, description: 'Percentage of records that belong to repeat subjects.' })
  repeatShare!: number | null;
}

@ObjectType('RepeatVictims')
export class RepeatVictimsType extends ControlledAnswerType {
  @Field(() => [RepeatVictimRowType])
  rows!: RepeatVictimRowType[];

  @Field(() => [String])
  notes!: string[];
}

@ObjectType('CrossAgencyRow')
export class CrossAgencyRowType {
  @Field(() => String)
  area!: string;

  @Field(() => String)
  name!: string;

  @Field(() => PublishedCountType)
  policeViolence!: PublishedCountType;

  @Field(() => PublishedCountType)
  policeViolenceWithInjury!: PublishedCountType;

  @Field(() => PublishedCountType)
  aeAssaults!: PublishedCountType;

  @Field(() => Float, {
    nullable: true,
    description:
      'At least this percentage of A&E assault attendances never reached the police, a lower bound: in a row, (A&E - police violence with injury) / A&E, floored at 0; in the total, the sum over areas of max(0, A&E - police violence with injury) / all A&E (areas with a hidden figure counted together, from the published totals).',
  })
  unknownToPoliceShare!: number | null;
}

@ObjectType('CrossAgency')
export class CrossAgencyType extends ControlledAnswerType {
  @Field(() => GroupBy)
  level!: GroupBy;

  @Field(() => [CrossAgencyRowType])
  rows!: CrossAgencyRowType[];

  @Field(() => CrossAgencyRowType)
  total!: CrossAgencyRowType;

  @Field(() => [String])
  notes!: string[];
}

@ObjectType('Indicator', {
  description: 'A named performance indicator: a count of records of some kinds and categories.',
})
export class IndicatorType {
  @Field(() => String)
  key!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => [DatasetKind], { nullable: true })
  kinds!: DatasetKind[] | null;

  @Field(() => [String], { nullable: true })
  categories!: string[] | null;

  @Field(() => [String], { nullable: true })
  subcategories!: string[] | null;

  @Field(() => String, { description: 'LOWER when a fall is an improvement, HIGHER otherwise.' })
  better!: string;
}

@InputType('IndicatorInput')
export class IndicatorInput {
  @Field(() => String, { description: 'Lower-case letters, digits and hyphens, e.g. "violence-with-injury".' })
  key!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => [DatasetKind], { nullable: true })
  kinds?: DatasetKind[];

  @Field(() => [String], { nullable: true })
  categories?: string[];

  @Field(() => [String], { nullable: true })
  subcategories?: string[];

  @Field(() => String, { description: 'LOWER or HIGHER.' })
  better!: 'LOWER' | 'HIGHER';
}

@ObjectType('IndicatorTarget')
export class IndicatorTargetType {
  @Field(() => String)
  key!: string;

  @Field(() => String, { description: 'First day of the quarter, YYYY-MM-DD.' })
  quarter!: string;

  @Field(() => Float)
  target!: number;
}

@ObjectType('IndicatorQuarter')
export class IndicatorQuarterType {
  @Field(() => String)
  quarter!: string;

  @Field(() => String, { description: 'Financial quarter, e.g. "2025/26 Q1" (April to June).' })
  label!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      "Null when suppressed, or when none of the indicator's data is shared with you for the purpose (status NO_DATA).",
  })
  value!: number | null;

  @Field(() => Boolean)
  suppressed!: boolean;

  @Field(() => Float, { nullable: true })
  target!: number | null;

  @Field(() => String, {
    description:
      "MET, NOT_MET, NO_TARGET, SUPPRESSED, or NO_DATA when none of the indicator's data is shared with you for the purpose (no value, never measured against the target).",
  })
  status!: string;

  @Field(() => String, { description: 'Against the previous quarter: IMPROVING, WORSENING, NO_CHANGE or UNKNOWN.' })
  direction!: string;
}

@ObjectType('IndicatorPerformance')
export class IndicatorPerformanceType extends ControlledAnswerType {
  @Field(() => IndicatorType)
  indicator!: IndicatorType;

  @Field(() => [IndicatorQuarterType])
  quarters!: IndicatorQuarterType[];

  @Field(() => [String], {
    description: "Why values are missing (NO_DATA) or count only part of the indicator's data (see `excluded`).",
  })
  notes!: string[];
}

@ObjectType('ReportSection')
export class ReportSectionType {
  @Field(() => String)
  key!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { description: 'The section as Markdown (tables with suppressed values marked).' })
  markdown!: string;

  @Field(() => [String], { description: 'Charts of the section, as SVG documents.' })
  charts!: string[];

  @Field(() => [String], { description: 'Sources and agreements behind the figures.' })
  sources!: string[];
}

@ObjectType('KeyFinding', {
  description: 'A finding of the executive summary, written from the figures, with its caveat.',
})
export class KeyFindingType {
  @Field(() => String)
  text!: string;

  @Field(() => String)
  caveat!: string;
}

@ObjectType('AssessmentReport', {
  description: 'A report (the strategic assessment or the serious violence needs assessment) as the caller may see it.',
})
export class AssessmentReportType {
  @Field(() => String)
  title!: string;

  @Field(() => String, { description: "The partnership's name, on the cover." })
  partnership!: string;

  @Field(() => String, { description: "Who produced it: the account's name." })
  author!: string;

  @Field(() => String, { description: "The author's agency." })
  authorAgency!: string;

  @Field(() => String, { description: 'The protective marking on every page, e.g. OFFICIAL-SENSITIVE.' })
  marking!: string;

  @Field(() => [KeyFindingType], {
    description: 'The executive summary: the largest changes, emerging hotspots, busiest times.',
  })
  keyFindings!: KeyFindingType[];

  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;

  @Field(() => String, { description: 'Who it was produced for, and the purpose declared.' })
  preparedFor!: string;

  @Field(() => [ReportSectionType])
  sections!: ReportSectionType[];

  @Field(() => String, {
    description: 'The whole report as one document in the format asked for (DOCX: the Word file, base64-encoded).',
  })
  document!: string;

  @Field(() => String, { description: 'The media type of the document, for saving it.' })
  mediaType!: string;

  @Field(() => String, {
    description: 'A file name for the document, e.g. strategic-assessment-2025-04-01-to-2026-03-31.docx.',
  })
  fileName!: string;
}
