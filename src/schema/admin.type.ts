import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { AgencyKind, Cadence, DatasetKind, Role } from '../domain/vocabulary.js';
import { ApiKeyScope } from '../entities/api-key.entity.js';
import { AgencyType } from './agency.type.js';
import { AccountType } from './user.type.js';
import './enums.js';

@ObjectType('ApiKey', {
  description:
    "A partner system's credential. The key itself is shown once, when issued; only its prefix is shown after.",
})
export class ApiKeyType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'Public part of the key, e.g. "hubk_3f9a1c2b4d5e".' })
  prefix!: string;

  @Field(() => [ApiKeyScope])
  scopes!: ApiKeyScope[];

  @Field(() => AgencyType)
  agency!: AgencyType;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  revokedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  lastUsedAt?: Date | null;
}

@ObjectType('IssuedApiKey', {
  description: 'A new API key. `key` is shown here once and never again: store it in the partner system now.',
})
export class IssuedApiKeyType {
  @Field(() => String)
  key!: string;

  @Field(() => ApiKeyType)
  apiKey!: ApiKeyType;
}

@ObjectType('AccountCredentials', {
  description:
    'An account with the password just set. `generatedPassword` is shown once (null when you chose the password): pass it to the holder by a separate channel.',
})
export class AccountCredentialsType {
  @Field(() => AccountType)
  account!: AccountType;

  @Field(() => String, { nullable: true })
  generatedPassword?: string | null;
}

@InputType('CreateAgencyInput')
export class CreateAgencyInput {
  @Field(() => String, { description: 'Short stable code, e.g. "BPOL".' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => AgencyKind)
  kind!: AgencyKind;
}

@InputType('UpdateAgencyInput')
export class UpdateAgencyInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => AgencyKind, { nullable: true })
  kind?: AgencyKind | null;
}

@InputType('CreateAccountInput')
export class CreateAccountInput {
  @Field(() => String, { description: 'Agency code.' })
  agency!: string;

  @Field(() => String, { description: 'Login name, e.g. "analyst@bpol".' })
  username!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => [Role])
  roles!: Role[];

  @Field(() => String, {
    nullable: true,
    description: 'At least 12 characters. Omit to have one generated and returned once.',
  })
  password?: string | null;
}

@InputType('CreateApiKeyInput')
export class CreateApiKeyInput {
  @Field(() => String, { description: 'Agency code.' })
  agency!: string;

  @Field(() => String, { description: 'What uses it, e.g. "RMS nightly export".' })
  name!: string;

  @Field(() => [ApiKeyScope], { description: "Fixed for the key's life: issue a new key to change them." })
  scopes!: ApiKeyScope[];
}

@InputType('CreateDatasetInput')
export class CreateDatasetInput {
  @Field(() => String, { description: 'Code of the agency whose data it is (the provider), e.g. "WFRS".' })
  agency!: string;

  @Field(() => String, {
    description:
      'Stable key used by imports and agreements: lower-case letters, digits and hyphens, starting with the agency\'s code, e.g. "wfrs-fires". Unique; never changes.',
  })
  key!: string;

  @Field(() => DatasetKind, {
    description: 'The prescribed kind; its template (`datasetTemplates`) is what files must follow. Never changes.',
  })
  kind!: DatasetKind;

  @Field(() => String, { description: 'e.g. "Wessex Fire and Rescue deliberate fires".' })
  name!: string;

  @Field(() => Cadence, {
    nullable: true,
    description:
      "When submissions fall due (s17A); defaults to the template's. Another cadence needs an administrator.",
  })
  cadence?: Cadence | null;
}

@InputType('UpdateDatasetInput')
export class UpdateDatasetInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => Cadence, {
    nullable: true,
    description: "Administrators only: the cadence decides when the agency's submissions fall due.",
  })
  cadence?: Cadence | null;
}
