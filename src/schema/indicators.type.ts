import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { DatasetKind } from '../domain/vocabulary.js';
import { ControlledAnswerType } from './analytics.type.js';

/** Performance indicators: their definitions, targets and quarterly results. */

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
