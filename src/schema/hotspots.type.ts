import { Field, Float, Int, ObjectType } from 'type-graphql';
import { GroupBy, HotspotComparison } from '../domain/api-enums.js';
import { ControlledAnswerType } from './analytics.type.js';

/** The answer of `hotspots`: the areas with most records, against a comparison period. */

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
