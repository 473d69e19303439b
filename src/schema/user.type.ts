import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from '../domain/vocabulary.js';
import { AgencyType } from './agency.type.js';
import './enums.js';

@ObjectType('Account', { description: 'A person\'s account in an agency. No password material is ever returned.' })
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

  @Field(() => AccountType)
  account!: AccountType;
}
