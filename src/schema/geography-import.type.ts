import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GEOGRAPHY_FILE_KINDS, type GeographyFileKind } from '../geography/release.js';

/** The ONS files an administrator loads (docs/geography.md). */
export const GeographyFileKindEnum = Object.fromEntries(GEOGRAPHY_FILE_KINDS.map((k) => [k, k])) as {
  [K in GeographyFileKind]: K;
};
registerEnumType(GeographyFileKindEnum, {
  name: 'GeographyFileKind',
  description:
    'LOOKUP: the ONS LSOA (2021) best-fit lookup to ward, local authority (and MSOA, county, CSP, police force area); LSOA_2011: the LSOA (2011) to LSOA (2021) lookup; POPULATION: mid-year population estimates per LSOA; BOUNDARIES: generalised clipped boundaries as GeoJSON.',
});

@InputType('ImportGeographyInput')
export class ImportGeographyInput {
  @Field(() => GeographyFileKindEnum)
  kind!: GeographyFileKind;

  @Field(() => String, {
    description:
      'The file as downloaded (CSV or GeoJSON text). Requests are limited to 1 MB: load national files with `npx hub geography import`.',
  })
  content!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The file name, kept with the release (and the year of population estimates read from it).',
  })
  fileName?: string | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'LOOKUP: keep the areas in these CSP, local authority, county or police force area codes (default: the stored setting).',
  })
  keep?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'LOOKUP: keep every row of the file.' })
  all?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'POPULATION: the mid-year of the estimates.' })
  year?: number | null;

  @Field(() => String, { nullable: true, description: 'A name for the release (default: read from the columns).' })
  release?: string | null;
}

@ObjectType('GeographyChange', {
  description: 'How many areas (or rows) a release changed one way, with up to 50 of their codes.',
})
export class GeographyChangeType {
  @Field(() => String, { description: 'e.g. lsoa.added, ward.renamed, lsoa.retired, lsoa2011.split, outside.' })
  change!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => [String])
  codes!: string[];
}

@ObjectType('GeographyRelease', { description: 'A geography file loaded, and what it changed.' })
export class GeographyReleaseType {
  @Field(() => GeographyFileKindEnum)
  kind!: GeographyFileKind;

  @Field(() => String, { description: 'The release, as read from the columns (e.g. "LSOA21 WD24 LAD24") or as named.' })
  release!: string;

  @Field(() => String, { nullable: true })
  fileName!: string | null;

  @Field(() => Int, { description: 'Rows (or features) read.' })
  read!: number;

  @Field(() => Int, { description: "Rows kept: those of the partnership's areas." })
  kept!: number;

  @Field(() => Int, { description: "Rows outside the partnership's areas." })
  outside!: number;

  @Field(() => [GeographyChangeType])
  changes!: GeographyChangeType[];

  @Field(() => [String])
  notes!: string[];

  @Field(() => Date, { nullable: true, description: 'When it was loaded (listed releases).' })
  loadedAt!: Date | null;
}
