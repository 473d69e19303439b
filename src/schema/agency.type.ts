import { Field, ID, ObjectType } from 'type-graphql';
import { AgencyKind } from '../domain/vocabulary.js';
import './enums.js';

@ObjectType('Agency', { description: 'A responsible authority of the partnership.' })
export class AgencyType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Short stable code, e.g. "BPOL".' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => AgencyKind)
  kind!: AgencyKind;

  @Field(() => Boolean)
  active!: boolean;

  @Field(() => Boolean, {
    description: "The agency's own setting: its people with a local password must use a second factor.",
  })
  requireSecondFactor!: boolean;
}
