import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { SignInStep } from '../domain/api-enums.js';

registerEnumType(SignInStep, {
  name: 'SignInStep',
  description: 'A step a person owes at sign-in before they may do anything else.',
});

export enum SessionKind {
  CONSOLE = 'CONSOLE',
  API = 'API',
}
registerEnumType(SessionKind, {
  name: 'SessionKind',
  description: 'CONSOLE: a web console session. API: a sign-in through `login` (its refresh tokens).',
});

@ObjectType('AccountSecurity', { description: "The caller's own password and second-factor state." })
export class AccountSecurityType {
  @Field(() => Boolean)
  secondFactorEnabled!: boolean;

  @Field(() => Boolean, { description: 'Whether the role or the agency requires a second factor of this account.' })
  secondFactorRequired!: boolean;

  @Field(() => Int, { description: 'Unused recovery codes (0 without an authenticator).' })
  recoveryCodesLeft!: number;

  @Field(() => [SignInStep], { description: 'Steps owed before anything else is open (empty when none).' })
  pendingSteps!: SignInStep[];

  @Field(() => Date, { nullable: true, description: 'When the password was last changed by its holder.' })
  passwordChangedAt!: Date | null;
}

@ObjectType('SecondFactorEnrolment', {
  description:
    'A new authenticator secret, shown once: scan the QR code, or type the secret, then confirm with a first code.',
})
export class SecondFactorEnrolmentType {
  @Field(() => String, { description: 'The secret in base32, for typing into an authenticator app.' })
  secret!: string;

  @Field(() => String, { description: 'The otpauth:// URI (RFC 6238: SHA-1, 6 digits, 30 s).' })
  uri!: string;

  @Field(() => String, { description: 'The URI as a QR code, an SVG document.' })
  qrSvg!: string;
}

@ObjectType('ActiveSession', { description: 'One live session of the caller: never its token.' })
export class ActiveSessionType {
  @Field(() => ID)
  id!: string;

  @Field(() => SessionKind)
  kind!: SessionKind;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  lastUsedAt!: Date;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => Boolean, { description: 'The session this request came with.' })
  current!: boolean;
}
