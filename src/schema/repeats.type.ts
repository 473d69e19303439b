import { Field, Float, Int, ObjectType } from 'type-graphql';
import { GroupBy } from '../domain/api-enums.js';
import { AnalysisAnswerType, ControlledAnswerType, PublishedCountType } from './analytics.type.js';

/** The answers of `repeatLocations` and `repeatVictims`: the analyses that reason over records. */

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
