import { Field, Float, Int, ObjectType } from 'type-graphql';
import { GroupBy } from '../domain/api-enums.js';
import { ControlledAnswerType, PublishedCountType } from './analytics.type.js';

/** The answers of `trends` (a series per category, with its direction of travel) and `peakTimes` (day of week by hour of day). */

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
