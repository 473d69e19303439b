import { Field, Float, ObjectType } from 'type-graphql';
import { GroupBy } from '../domain/api-enums.js';
import { ControlledAnswerType, PublishedCountType } from './analytics.type.js';

/** The answer of `crossAgency`: the same areas or periods counted by each agency. */

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
