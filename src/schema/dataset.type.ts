import { Field, ID, ObjectType } from 'type-graphql';
import { Cadence, DatasetKind } from '../domain/vocabulary.js';
import { AgencyType } from './agency.type.js';
import './enums.js';

@ObjectType('Dataset', { description: "One agency's feed of one prescribed kind." })
export class DatasetType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Stable key used by imports and agreements, e.g. "bpol-crime".' })
  key!: string;

  @Field(() => String)
  name!: string;

  @Field(() => DatasetKind)
  kind!: DatasetKind;

  @Field(() => Cadence)
  cadence!: Cadence;

  @Field(() => AgencyType)
  agency!: AgencyType;
}
