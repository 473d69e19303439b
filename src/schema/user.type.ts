import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Role } from '../domain/vocabulary.js';
import { AgencyType } from './agency.type.js';
import './enums.js';

@ObjectType('Account', { description: "A person's account in an agency. No password material is ever returned." })
export class AccountType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  username!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => [Role])
  roles!: Role[];

  @Field(() => AgencyType)
  agency!: AgencyType;

  @Field(() => Boolean)
  active!: boolean;
}

@ObjectType('Session', { description: 'A short-lived bearer token: send it as `Authorization: Bearer <token>`.' })
export class SessionType {
  @Field(() => String)
  token!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => String, {
    nullable: true,
    description:
      'Swap it for a new token (and a new refresh token) with `refreshSession` before `expiresAt`. Each works once.',
  })
  refreshToken?: string | null;

  @Field(() => Date, { nullable: true, description: 'The sign-in cannot be refreshed past this time.' })
  refreshExpiresAt?: Date | null;

  @Field(() => AccountType)
  account!: AccountType;
}

@ObjectType('ConsoleSession', {
  description:
    "A web console session, kept in an HttpOnly cookie set by `signIn`; send the `hub_csrf` cookie's value back as `X-CSRF-Token` on every request.",
})
export class ConsoleSessionType {
  @Field(() => Date, {
    description: 'The latest the session can last; it ends sooner after `idleMinutes` without a request.',
  })
  expiresAt!: Date;

  @Field(() => Int, { description: 'Minutes without a request after which the session ends.' })
  idleMinutes!: number;

  @Field(() => AccountType)
  account!: AccountType;
}
