import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DatasetKind, LocationPrecision, TimePrecision } from '../domain/vocabulary.js';
import { JSONObjectScalar } from './scalars.js';
import './enums.js';

/**
 * A depersonalised record as the caller may see it. Every governed field is nullable:
 * a field the caller's grants do not cover comes back null with a FORBIDDEN error at
 * its path; location and time come back at the finest grain granted, never finer.
 */
@ObjectType('SharedRecord')
export class SharedRecordType {
  @Field(() => ID, {
    description:
      'Opaque identifier: stable for the life of the record for your agency and the declared purpose, different under another purpose (so that what two purposes grant cannot be joined record by record).',
  })
  id!: string;

  @Field(() => String, { description: 'Key of the dataset the record belongs to.' })
  dataset!: string;

  @Field(() => String, { description: 'Code of the providing agency.' })
  provider!: string;

  @Field(() => DatasetKind)
  kind!: DatasetKind;

  @Field(() => String, { nullable: true })
  category?: string | null;

  @Field(() => String, { nullable: true })
  subcategory?: string | null;

  @Field(() => Date, { nullable: true, description: 'When it happened, truncated to `timePrecision`.' })
  occurredAt?: Date | null;

  @Field(() => TimePrecision, { nullable: true, description: 'The grain of `occurredAt` as returned.' })
  timePrecision?: TimePrecision | null;

  @Field(() => LocationPrecision, {
    nullable: true,
    description: 'The finest location grain returned for this record.',
  })
  locationPrecision?: LocationPrecision | null;

  @Field(() => Int, {
    nullable: true,
    description: "Easting of the 100 m grid square's south-west corner (needs LOCATION at GRID_100M).",
  })
  gridEasting?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "Northing of the 100 m grid square's south-west corner (needs LOCATION at GRID_100M).",
  })
  gridNorthing?: number | null;

  @Field(() => String, { nullable: true, description: 'LSOA code (needs LOCATION at LSOA or finer).' })
  lsoa?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Outward postcode, e.g. "RV1" (needs LOCATION at OUTWARD_POSTCODE or finer).',
  })
  outwardPostcode?: string | null;

  @Field(() => String, { nullable: true, description: 'Ward code (needs LOCATION at WARD or finer).' })
  ward?: string | null;

  @Field(() => String, { nullable: true, description: 'Local authority code.' })
  localAuthority?: string | null;

  @Field(() => String, { nullable: true })
  ageBand?: string | null;

  @Field(() => String, { nullable: true })
  sex?: string | null;

  @Field(() => JSONObjectScalar, {
    nullable: true,
    description: 'Coded dataset-specific attributes (e.g. ISTV weapon and location type).',
  })
  details?: Record<string, unknown> | null;
}

@ObjectType('PageInfo')
export class PageInfoType {
  @Field(() => String, { nullable: true })
  endCursor?: string | null;

  @Field(() => Boolean)
  hasNextPage!: boolean;
}

@ObjectType('RecordConnection')
export class RecordConnectionType {
  @Field(() => [SharedRecordType])
  nodes!: SharedRecordType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;
}

@InputType('RecordFilter')
export class RecordFilterInput {
  @Field(() => [String], { nullable: true, description: 'Dataset keys.' })
  datasets?: string[];

  @Field(() => [DatasetKind], { nullable: true })
  kinds?: DatasetKind[];

  @Field(() => [String], { nullable: true, description: 'Category codes.' })
  categories?: string[];

  @Field(() => Date, { nullable: true, description: 'Inclusive start.' })
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Exclusive end.' })
  to?: Date;

  @Field(() => [String], {
    nullable: true,
    description: 'Area codes: LSOA, ward or local authority. Matching is done at the finest grain granted.',
  })
  areas?: string[];
}
