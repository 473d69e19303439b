import { Field, Float, Int, ObjectType } from 'type-graphql';
import { GroupBy } from '../domain/api-enums.js';
import { ControlledAnswerType, PublishedCountType } from './analytics.type.js';

/** The answer of `aggregate`: counts of shared records by one to four groupings, with their margins. */

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
