import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Cadence, DatasetKind } from '../domain/vocabulary.js';
import './enums.js';

@ObjectType('QualityCount', {
  description:
    "Rows under a key (a rule broken, an identifier kind seen in free text), and their share of the month's non-blank rows.",
})
export class QualityCountType {
  @Field(() => String)
  key!: string;

  @Field(() => Int)
  rows!: number;

  @Field(() => Float, { description: "rows / the month's non-blank rows read, 0 to 1." })
  share!: number;
}

@ObjectType('ColumnCompleteness', { description: 'How often an optional column had a value among the rows accepted.' })
export class ColumnCompletenessType {
  @Field(() => String)
  column!: string;

  @Field(() => Int)
  filled!: number;

  @Field(() => Float, { description: 'filled / rows accepted, 0 to 1 (0 when none was accepted).' })
  share!: number;
}

@ObjectType('QualityMonth', {
  description: "One month of a dataset's submissions (by when they arrived, UK time): counts only, never a value.",
})
export class QualityMonthType {
  @Field(() => String, { description: 'YYYY-MM.' })
  month!: string;

  @Field(() => Int, { description: 'Batches stored or REJECTED that month (not dry runs, not refused files).' })
  batches!: number;

  @Field(() => Int, { description: 'Non-blank rows read.' })
  rows!: number;

  @Field(() => Int)
  blank!: number;

  @Field(() => Int, { description: 'Rows accepted: inserted, updated or already stored.' })
  accepted!: number;

  @Field(() => Int)
  inserted!: number;

  @Field(() => Int)
  rejected!: number;

  @Field(() => Float, { description: 'rejected / rows, 0 to 1.' })
  rejectedShare!: number;

  @Field(() => [QualityCountType], { description: 'Rejections by rule, most frequent first.' })
  rejectedByRule!: QualityCountType[];

  @Field(() => Int, {
    description: 'Accepted rows whose free text was reduced to a code (the text itself is never stored).',
  })
  freeTextCoded!: number;

  @Field(() => Int, { description: 'Accepted rows whose free text was dropped with no code found.' })
  freeTextDropped!: number;

  @Field(() => [QualityCountType], {
    description:
      'Rows whose free text seemed to hold an identifier, by kind (NAME, PHONE, EMAIL, POSTCODE, ...), and NOT_CODED.',
  })
  freeTextByKind!: QualityCountType[];

  @Field(() => Int, { description: 'Rows refused as dated outside the declared period.' })
  outsidePeriod!: number;

  @Field(() => Int, {
    description: "New records that arrived after their period's s17A deadline (the end of the following period).",
  })
  late!: number;

  @Field(() => Float, { description: 'late / inserted, 0 to 1.' })
  lateShare!: number;

  @Field(() => [ColumnCompletenessType], { description: 'Each optional column of the template.' })
  completeness!: ColumnCompletenessType[];
}

@ObjectType('DatasetQuality', {
  description:
    "A dataset's data-quality scorecard, month by month: for its provider's data officer, to fix the extract at source.",
})
export class DatasetQualityType {
  @Field(() => String, { description: 'Dataset key.' })
  dataset!: string;

  @Field(() => DatasetKind)
  kind!: DatasetKind;

  @Field(() => String, { description: 'Providing agency code.' })
  agency!: string;

  @Field(() => Cadence)
  cadence!: Cadence;

  @Field(() => [QualityMonthType], { description: 'Months with at least one batch, oldest first.' })
  months!: QualityMonthType[];
}
