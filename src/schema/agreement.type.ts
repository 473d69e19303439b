import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  Access,
  AgreementStatus,
  LegalBasis,
  LocationPrecision,
  Purpose,
  RecordField,
  TimePrecision,
} from '../domain/vocabulary.js';
import { AgencyType } from './agency.type.js';
import { AgreementDpiaType, DpiaStatus } from './agreement-dpia.type.js';
import { DatasetType } from './dataset.type.js';
import './enums.js';

/** Location and time grains in one enum: a grant names one grain, of the field it grants. */
export const Grain = { ...LocationPrecision, ...TimePrecision } as const;
export type Grain = LocationPrecision | TimePrecision;
registerEnumType(Grain, {
  name: 'Grain',
  description:
    'The finest grain a grant allows: LOCATION takes GRID_100M, LSOA, OUTWARD_POSTCODE, WARD or LOCAL_AUTHORITY; TIME takes MINUTE, HOUR, DAY or MONTH.',
});

@ObjectType('FieldGrant', { description: 'What an agreement grants on one governed field.' })
export class FieldGrantType {
  @Field(() => RecordField)
  field!: RecordField;

  @Field(() => Access)
  access!: Access;

  @Field(() => Grain, { nullable: true, description: 'Finest grain (LOCATION and TIME only).' })
  precision?: Grain | null;
}

@ObjectType('RecipientAcceptance', {
  description:
    "One recipient's acceptance of an agreement: the agreement is ACTIVE only once every recipient has accepted.",
})
export class RecipientAcceptanceType {
  @Field(() => String, { description: 'Recipient agency code.' })
  agency!: string;

  @Field(() => Boolean)
  accepted!: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      "Username of the recipient's liaison officer who accepted (null before acceptance, or for acceptances recorded before per-recipient acceptance).",
  })
  acceptedBy?: string | null;

  @Field(() => Date, { nullable: true })
  acceptedAt?: Date | null;
}

@ObjectType('Agreement', {
  description:
    'An information sharing agreement: what a provider shares with whom, how finely, for which purposes, and its approvals.',
})
export class AgreementType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Human reference, e.g. "ISA-2026-004".' })
  reference!: string;

  @Field(() => String)
  title!: string;

  @Field(() => AgencyType)
  provider!: AgencyType;

  @Field(() => [DatasetType], { description: "The provider's datasets it covers." })
  datasets!: DatasetType[];

  @Field(() => [AgencyType])
  recipients!: AgencyType[];

  @Field(() => [Purpose])
  purposes!: Purpose[];

  @Field(() => LegalBasis, { description: 'The legal basis the agreement cites first.' })
  legalBasis!: LegalBasis;

  @Field(() => [LegalBasis], {
    description:
      'Further legal bases it cites beside legalBasis (empty for most). Section 16 of the Police, Crime, Sentencing and Courts Act 2022 never covers health data alone: such an agreement cites s115 or s17A as well.',
  })
  additionalLegalBases!: LegalBasis[];

  @Field(() => [FieldGrantType], { description: 'One entry per governed field; NONE where nothing is granted.' })
  grants!: FieldGrantType[];

  @Field(() => Int, { description: "Aggregate cells drawn from the provider's data below this count are suppressed." })
  minCellSize!: number;

  @Field(() => String, { description: 'First day in force (YYYY-MM-DD).' })
  validFrom!: string;

  @Field(() => String, { description: 'Last day in force (YYYY-MM-DD).' })
  validTo!: string;

  @Field(() => String, { description: 'Past this date (YYYY-MM-DD) the agreement grants nothing until reviewed.' })
  reviewDate!: string;

  @Field(() => String, {
    description:
      'SHA-256 (hex) of the terms that decide what is shared: provider, datasets, recipients, purposes, legal bases, grants, minCellSize, validFrom, validTo and reviewDate (not the title or status). approveAgreement and acceptAgreement take it, so that a signature binds exactly the terms read. How to recompute it: docs/permissions.md, "Signing exactly the terms read".',
  })
  termsDigest!: string;

  @Field(() => AgreementStatus)
  status!: AgreementStatus;

  @Field(() => Boolean, {
    description: 'Whether it grants anything today: ACTIVE, within its dates and not past its review date.',
  })
  inForce!: boolean;

  @Field(() => String, { description: '"in force", or why not.' })
  standing!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Username of the drafter (null when drafted from the command line).',
  })
  draftedBy?: string | null;

  @Field(() => String, { nullable: true, description: "Username of the provider's liaison officer who approved it." })
  providerApprovedBy?: string | null;

  @Field(() => Date, { nullable: true })
  providerApprovedAt?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: "Username of the recipient's liaison officer whose acceptance, the last one needed, made it ACTIVE.",
  })
  recipientAcceptedBy?: string | null;

  @Field(() => Date, { nullable: true })
  recipientAcceptedAt?: Date | null;

  @Field(() => [RecipientAcceptanceType], {
    description: "Each recipient's acceptance, by agency code. The agreement becomes ACTIVE when all have accepted.",
  })
  acceptances!: RecipientAcceptanceType[];

  @Field(() => Date, { nullable: true })
  lastReviewedAt?: Date | null;

  @Field(() => Date, { description: 'When it was drafted.' })
  createdAt!: Date;

  @Field(() => Date, { description: 'When it last changed (terms, status, review or DPIA).' })
  updatedAt!: Date;

  @Field(() => AgreementDpiaType, {
    nullable: true,
    description: 'Its data protection impact assessment, once the provider has recorded one.',
  })
  dpia?: AgreementDpiaType | null;

  @Field(() => DpiaStatus, {
    description:
      "MISSING; OUT_OF_DATE when completed before the agreement's latest review or more than a year ago; CURRENT otherwise.",
  })
  dpiaStatus!: DpiaStatus;
}

@InputType('FieldGrantInput')
export class FieldGrantInput {
  @Field(() => RecordField)
  field!: RecordField;

  @Field(() => Access)
  access!: Access;

  @Field(() => Grain, {
    nullable: true,
    description: 'Required for LOCATION and TIME when granted; not allowed for other fields.',
  })
  precision?: Grain | null;
}

@InputType('DraftAgreementInput')
export class DraftAgreementInput {
  @Field(() => String, { nullable: true, description: 'Omit to have the next ISA-<year>-<nnn> assigned.' })
  reference?: string | null;

  @Field(() => String)
  title!: string;

  @Field(() => String, { description: 'Provider agency code.' })
  provider!: string;

  @Field(() => [String], { description: "Keys of the provider's datasets." })
  datasets!: string[];

  @Field(() => [String], { description: 'Recipient agency codes.' })
  recipients!: string[];

  @Field(() => [Purpose])
  purposes!: Purpose[];

  @Field(() => LegalBasis)
  legalBasis!: LegalBasis;

  @Field(() => [LegalBasis], {
    nullable: true,
    description:
      'Further legal bases beside legalBasis. An agreement sharing health data (hospital admissions, A&E assaults, ambulance call-outs, or any dataset of a health body) that cites PCSC_S16_SVD must also cite S115_POWER or S17A_DUTY: it is refused otherwise (BAD_USER_INPUT, reason S16_HEALTH_DATA).',
  })
  additionalLegalBases?: LegalBasis[] | null;

  @Field(() => [FieldGrantInput], { description: 'Fields left out are not shared.' })
  grants!: FieldGrantInput[];

  @Field(() => Int, { nullable: true, description: 'Default 10.' })
  minCellSize?: number | null;

  @Field(() => String, { description: 'YYYY-MM-DD.' })
  validFrom!: string;

  @Field(() => String, { description: 'YYYY-MM-DD.' })
  validTo!: string;

  @Field(() => String, { description: 'YYYY-MM-DD.' })
  reviewDate!: string;
}

@InputType('UpdateAgreementInput', {
  description:
    'Changes to a DRAFT agreement; fields left out stay as they are. The provider cannot change: draft a new agreement.',
})
export class UpdateAgreementInput {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => [String], { nullable: true })
  datasets?: string[] | null;

  @Field(() => [String], { nullable: true })
  recipients?: string[] | null;

  @Field(() => [Purpose], { nullable: true })
  purposes?: Purpose[] | null;

  @Field(() => LegalBasis, { nullable: true })
  legalBasis?: LegalBasis | null;

  @Field(() => [LegalBasis], { nullable: true, description: 'Replaces the further legal bases; [] for none.' })
  additionalLegalBases?: LegalBasis[] | null;

  @Field(() => [FieldGrantInput], { nullable: true, description: 'Replaces every grant.' })
  grants?: FieldGrantInput[] | null;

  @Field(() => Int, { nullable: true })
  minCellSize?: number | null;

  @Field(() => String, { nullable: true })
  validFrom?: string | null;

  @Field(() => String, { nullable: true })
  validTo?: string | null;

  @Field(() => String, { nullable: true })
  reviewDate?: string | null;
}

@InputType('AgreementFilter')
export class AgreementFilterInput {
  @Field(() => [AgreementStatus], { nullable: true })
  statuses?: AgreementStatus[] | null;

  @Field(() => String, { nullable: true, description: 'Provider agency code.' })
  provider?: string | null;

  @Field(() => String, { nullable: true, description: 'Recipient agency code.' })
  recipient?: string | null;

  @Field(() => String, { nullable: true, description: 'Dataset key.' })
  dataset?: string | null;

  @Field(() => Purpose, { nullable: true })
  purpose?: Purpose | null;
}
