import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum UsageInterval {
  MONTH = 'month',
  WEEK = 'week',
}
registerEnumType(UsageInterval, {
  name: 'UsageInterval',
  description: 'The periods of a data-usage series (UK time; weeks start on Monday).',
});

@ObjectType('DataUsageByRecipient', {
  description:
    "Requests that read the agency's data, by the agency that read it, the purpose declared and the outcome.",
})
export class DataUsageByRecipientType {
  @Field(() => String, { description: 'Agency code of the reader.' })
  recipient!: string;

  @Field(() => Boolean, { description: "True for the agency's own people and systems." })
  own!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The purpose declared (none for a refused request that declared none).',
  })
  purpose!: string | null;

  @Field(() => String, { description: 'ANSWERED, PARTLY_DENIED, REFUSED or FAILED.' })
  outcome!: string;

  @Field(() => Int)
  requests!: number;

  @Field(() => Int, { description: 'Records returned, over the whole answers.' })
  rows!: number;

  @Field(() => Int, { description: 'Aggregate cells returned, over the whole answers.' })
  cells!: number;

  @Field(() => Int)
  cellsSuppressed!: number;
}

@ObjectType('DataUsageByDataset', { description: "Requests that read one of the agency's datasets, by reader." })
export class DataUsageByDatasetType {
  @Field(() => String)
  dataset!: string;

  @Field(() => String)
  recipient!: string;

  @Field(() => Int)
  requests!: number;
}

@ObjectType('DataUsagePeriod')
export class DataUsagePeriodType {
  @Field(() => String, { description: 'First day of the period (YYYY-MM-DD).' })
  period!: string;

  @Field(() => Int)
  answered!: number;

  @Field(() => Int)
  partlyDenied!: number;

  @Field(() => Int)
  refused!: number;

  @Field(() => Int)
  failed!: number;
}

@ObjectType('DataUsage', { description: "Who used an agency's data in a period, and for what: from the audit trail." })
export class DataUsageType {
  @Field(() => String)
  agency!: string;

  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;

  @Field(() => [DataUsageByRecipientType])
  byRecipient!: DataUsageByRecipientType[];

  @Field(() => [DataUsageByDatasetType])
  byDataset!: DataUsageByDatasetType[];

  @Field(() => [DataUsagePeriodType])
  series!: DataUsagePeriodType[];

  @Field(() => String, { description: 'byRecipient as CSV (RFC 4180).' })
  csv!: string;
}

@ObjectType('AuditChainProblem')
export class AuditChainProblemType {
  @Field(() => String)
  kind!: string;

  @Field(() => String, { nullable: true, description: 'The sequence number where the trail first goes wrong.' })
  seq!: string | null;

  @Field(() => String)
  message!: string;
}

@ObjectType('AuditVerification', {
  description: "The result of walking the audit trail's hash chain (as `npx hub audit verify`).",
})
export class AuditVerificationType {
  @Field(() => Boolean, {
    description: "True when every event's hash, the chain's links and the signed head check out.",
  })
  ok!: boolean;

  @Field(() => Int, { description: 'Events whose hashes were recomputed.' })
  checked!: number;

  @Field(() => String, { nullable: true })
  firstSeq!: string | null;

  @Field(() => String, { nullable: true })
  lastSeq!: string | null;

  @Field(() => String, { description: 'valid, invalid, unsigned or other-key.' })
  headSignature!: string;

  @Field(() => AuditChainProblemType, {
    nullable: true,
    description: 'The first problem found; verification stops there.',
  })
  problem!: AuditChainProblemType | null;

  @Field(() => Date)
  verifiedAt!: Date;
}
