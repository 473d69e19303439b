import { Field, Int, ObjectType } from 'type-graphql';
import { Access, Purpose, RecordField } from '../domain/vocabulary.js';
import { DatasetType } from './dataset.type.js';
import './enums.js';

@ObjectType('FieldAccess', { description: 'What the caller may see of one governed field of a dataset.' })
export class FieldAccessType {
  @Field(() => RecordField)
  field!: RecordField;

  @Field(() => Access)
  access!: Access;

  @Field(() => String, { nullable: true, description: 'Finest grain for record values (LOCATION and TIME).' })
  recordPrecision?: string | null;

  @Field(() => String, { nullable: true, description: 'Finest grain for grouping counts (LOCATION and TIME).' })
  aggregatePrecision?: string | null;

  @Field(() => [String], { description: 'References of the agreements that grant it.' })
  agreements!: string[];
}

@ObjectType('DatasetAccess', { description: 'What the caller may see of one dataset, and why.' })
export class DatasetAccessType {
  @Field(() => DatasetType)
  dataset!: DatasetType;

  @Field(() => Boolean, { description: "The caller's own agency's data." })
  own!: boolean;

  @Field(() => Access)
  level!: Access;

  @Field(() => Int, { description: 'Aggregate cells below this count are suppressed (0 for own data).' })
  minCellSize!: number;

  @Field(() => [FieldAccessType])
  fields!: FieldAccessType[];

  @Field(() => [String], { description: 'Why: which agreements apply, and why others do not.' })
  reasons!: string[];
}

@ObjectType('AccessExplanation', { description: "The caller's access plan for the declared purpose." })
export class AccessExplanationType {
  @Field(() => Purpose, { nullable: true })
  purpose?: Purpose | null;

  @Field(() => String, {
    nullable: true,
    description: 'Set when the caller may read no shared data at all, with the reason.',
  })
  denial?: string | null;

  @Field(() => [DatasetAccessType])
  datasets!: DatasetAccessType[];
}
