import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Cadence, DatasetKind, LocationPrecision, TimePrecision } from '../domain/vocabulary.js';
import './enums.js';
import { ColumnTreatment, ColumnType } from '../domain/api-enums.js';

registerEnumType(ColumnType, { name: 'ColumnValueType', description: "How a template column's text is read." });
registerEnumType(ColumnTreatment, {
  name: 'ColumnTreatment',
  description:
    "What the hub does with a column: HASHED (kept only as a keyed hash), STORED (a checked coded value), GENERALISED (kept at the template's precision), CODED_OR_DROPPED (free text: a recognised code is kept, the text never), DERIVED (used to derive another value, then dropped).",
});

@ObjectType('TemplateColumn', { description: 'One column of a dataset template.' })
export class TemplateColumnType {
  @Field(() => String, {
    description: "The column's name in the header row (case, spaces and hyphens are ignored when matching).",
  })
  name!: string;

  @Field(() => ColumnType)
  type!: ColumnType;

  @Field(() => Boolean)
  required!: boolean;

  @Field(() => String)
  description!: string;

  @Field(() => [String], { nullable: true, description: 'The accepted values, for coded columns.' })
  allowedValues?: string[] | null;

  @Field(() => ColumnTreatment)
  treatment!: ColumnTreatment;

  @Field(() => String, { description: 'What the hub does with the value, in words.' })
  note!: string;

  @Field(() => Int, { description: 'Longest accepted value, in characters.' })
  maxLength!: number;
}

@ObjectType('TemplatePrecision', {
  description: 'The finest grain a template keeps: finer input is generalised to it.',
})
export class TemplatePrecisionType {
  @Field(() => LocationPrecision, {
    nullable: true,
    description: 'Finest location kept; null when the template has no location.',
  })
  location?: LocationPrecision | null;

  @Field(() => TimePrecision)
  time!: TimePrecision;

  @Field(() => Boolean, { description: 'Whether an age band is kept (ages are never stored, only their band).' })
  ageBand!: boolean;
}

@ObjectType('DatasetTemplate', {
  description: "What a partner's file for one prescribed kind of data may contain, and what the hub keeps of it.",
})
export class DatasetTemplateType {
  @Field(() => DatasetKind)
  kind!: DatasetKind;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  description!: string;

  @Field(() => Cadence, { description: 'How often the data is due.' })
  cadence!: Cadence;

  @Field(() => TemplatePrecisionType)
  precision!: TemplatePrecisionType;

  @Field(() => Boolean, { description: 'Whether every row needs a location.' })
  locationRequired!: boolean;

  @Field(() => [TemplateColumnType])
  columns!: TemplateColumnType[];

  @Field(() => [String], { description: 'Rules across columns, in words.' })
  rules!: string[];
}
