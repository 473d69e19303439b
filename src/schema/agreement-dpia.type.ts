import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { DpiaOutcome } from '../domain/vocabulary.js';

export enum DpiaStatus {
  MISSING = 'MISSING',
  CURRENT = 'CURRENT',
  OUT_OF_DATE = 'OUT_OF_DATE',
}
registerEnumType(DpiaStatus, { name: 'DpiaStatus', description: "Whether an agreement's DPIA can be relied on." });
registerEnumType(DpiaOutcome, {
  name: 'DpiaOutcome',
  description: 'What a data protection impact assessment concluded (UK GDPR article 35).',
});

@ObjectType('AgreementDpia', {
  description:
    'A data protection impact assessment of the sharing, and the data flows it covers. Not part of the signed terms.',
})
export class AgreementDpiaType {
  @Field(() => String, {
    nullable: true,
    description: "Where the DPIA document is: a reference in the provider's records, or a link.",
  })
  document?: string | null;

  @Field(() => String, { description: 'YYYY-MM-DD.' })
  completedOn!: string;

  @Field(() => DpiaOutcome, { nullable: true })
  outcome?: DpiaOutcome | null;

  @Field(() => String, {
    nullable: true,
    description: 'Who signed it off (a name and role, e.g. the data protection officer).',
  })
  signedOffBy?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The data flows in words: what goes from whom to whom, how, and how often.',
  })
  dataFlows?: string | null;
}

@InputType('AgreementDpiaInput')
export class AgreementDpiaInput {
  @Field(() => String, { description: 'Where the DPIA document is: a reference or a link.' })
  document!: string;

  @Field(() => String, { description: 'When it was completed (YYYY-MM-DD), not in the future.' })
  completedOn!: string;

  @Field(() => DpiaOutcome)
  outcome!: DpiaOutcome;

  @Field(() => String)
  signedOffBy!: string;

  @Field(() => String)
  dataFlows!: string;
}
