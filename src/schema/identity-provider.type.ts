import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Role } from '../domain/vocabulary.js';
import { AgencyType } from './agency.type.js';
import './enums.js';

@ObjectType('RoleMapping', { description: 'A group or app role of the provider, and the hub roles it vouches for.' })
export class RoleMappingType {
  @Field(() => String, {
    description: 'As the provider sends it: a group name, an Entra ID group object id, or an app role value.',
  })
  value!: string;

  @Field(() => [Role])
  roles!: Role[];
}

@InputType('RoleMappingInput')
export class RoleMappingInput {
  @Field(() => String)
  value!: string;

  @Field(() => [Role])
  roles!: Role[];
}

@ObjectType('RequiredClaim', { description: 'A claim every ID token of the provider must carry with this value.' })
export class RequiredClaimType {
  @Field(() => String, { description: "e.g. hd (Google Workspace's domain)" })
  claim!: string;

  @Field(() => String)
  value!: string;
}

@InputType('RequiredClaimInput')
export class RequiredClaimInput {
  @Field(() => String)
  claim!: string;

  @Field(() => String)
  value!: string;
}

@ObjectType('IdentityProvider', {
  description:
    "An agency's own OpenID Connect identity provider (docs/identity.md). The client secret is never stored: `clientSecretRef` says where the hub reads it.",
})
export class IdentityProviderType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Short stable name, used in the sign-in address /auth/oidc/<name>/start.' })
  name!: string;

  @Field(() => AgencyType)
  agency!: AgencyType;

  @Field(() => String, { description: 'Shown on the sign-in page: "Sign in with <displayName>".' })
  displayName!: string;

  @Field(() => String, { description: 'e.g. https://login.microsoftonline.com/<tenant id>/v2.0' })
  issuer!: string;

  @Field(() => String)
  clientId!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Where the client secret is read: env:HUB_OIDC_<NAME> or file:/run/secrets/<name> (the secrets folder). Null: a public client (PKCE only).',
  })
  clientSecretRef?: string | null;

  @Field(() => String, {
    description: 'The claim whose value names the account (the link itself is the subject, `sub`).',
  })
  usernameClaim!: string;

  @Field(() => String)
  displayNameClaim!: string;

  @Field(() => String, { description: 'The claim listing the groups or app roles (Entra ID: `groups` or `roles`).' })
  groupsClaim!: string;

  @Field(() => [RoleMappingType], {
    description:
      'Which hub roles each group vouches for. When any are given, a person whose groups map to no role is refused, and roles the groups do not vouch for are withdrawn at sign-in.',
  })
  roleMappings!: RoleMappingType[];

  @Field(() => [RequiredClaimType], {
    description:
      "ID tokens without these claim values are refused: for issuers shared by many organisations, e.g. Google's hd (the Workspace domain).",
  })
  requiredClaims!: RequiredClaimType[];

  @Field(() => Boolean, {
    description: 'First sign-in of an unknown person creates an account of the agency, with no roles.',
  })
  autoProvision!: boolean;

  @Field(() => Boolean, {
    description:
      "First sign-in of an unlinked person links them to the agency's account whose username equals the username claim.",
  })
  linkByUsername!: boolean;

  @Field(() => Boolean)
  enabled!: boolean;

  @Field(() => Int, { description: 'Accounts linked to a person of this provider.' })
  linkedAccounts!: number;

  @Field(() => String, { description: 'The redirect URI to register at the provider.' })
  redirectUri!: string;

  @Field(() => Date)
  updatedAt!: Date;
}

@InputType('IdentityProviderInput', { description: 'On update, members left out are unchanged.' })
export class IdentityProviderInput {
  @Field(() => String, { nullable: true, description: 'Agency code (add only).' })
  agency?: string;

  @Field(() => String, { nullable: true })
  displayName?: string;

  @Field(() => String, { nullable: true })
  issuer?: string;

  @Field(() => String, { nullable: true })
  clientId?: string;

  @Field(() => String, {
    nullable: true,
    description: 'env:HUB_OIDC_<NAME> or file:/run/secrets/<name> (the secrets folder), never the secret itself.',
  })
  clientSecretRef?: string | null;

  @Field(() => String, { nullable: true })
  usernameClaim?: string;

  @Field(() => String, { nullable: true })
  displayNameClaim?: string;

  @Field(() => String, { nullable: true })
  groupsClaim?: string;

  @Field(() => [RoleMappingInput], { nullable: true })
  roleMappings?: RoleMappingInput[];

  @Field(() => [RequiredClaimInput], { nullable: true })
  requiredClaims?: RequiredClaimInput[];

  @Field(() => Boolean, { nullable: true })
  autoProvision?: boolean;

  @Field(() => Boolean, { nullable: true })
  linkByUsername?: boolean;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean;
}

@ObjectType('SignInOption', {
  description: 'An enabled identity provider, as the sign-in page offers it: its display name and where to start.',
})
export class SignInOptionType {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => String, { description: 'Open this address (GET) to sign in; add ?mode=token for a bearer token.' })
  startPath!: string;
}
