import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AUDIT_KINDS, AUDIT_OUTCOMES, type AuditKind, type AuditOutcome } from '../audit/audit-event.js';
import { Purpose } from '../domain/vocabulary.js';
import { PageInfoType } from './record.type.js';
import { JSONObjectScalar } from './scalars.js';
import './enums.js';

export const AuditOutcomeEnum = Object.fromEntries(AUDIT_OUTCOMES.map((o) => [o, o])) as { [K in AuditOutcome]: K };
export const AuditEventKindEnum = Object.fromEntries(AUDIT_KINDS.map((k) => [k, k])) as { [K in AuditKind]: K };

registerEnumType(AuditOutcomeEnum, {
  name: 'AuditOutcome',
  description:
    'ANSWERED: no errors. PARTLY_DENIED: data with some errors (fields denied). REFUSED: no data, only expected errors (not signed in, forbidden, no purpose, invalid request). FAILED: an internal error. SUCCEEDED: an import or administrative change went through.',
});
registerEnumType(AuditEventKindEnum, {
  name: 'AuditEventKind',
  description:
    'GRAPHQL: one API operation. IMPORT: one import batch. ADMIN: a change to agencies, accounts, keys, agreements or the trail itself.',
});

@ObjectType('AuditEvent', {
  description:
    'One entry of the tamper-evident audit trail. Values of queries and variables are never stored, only their hashes.',
})
export class AuditEventType {
  @Field(() => ID, { description: 'Sequence number in the hash chain.' })
  seq!: string;

  @Field(() => Date, { description: 'When the operation started.' })
  at!: Date;

  @Field(() => AuditEventKindEnum)
  kind!: AuditKind;

  @Field(() => String, {
    description: '`graphql.query`, `graphql.mutation`, `import`, or an admin action such as `agreement.approve`.',
  })
  action!: string;

  @Field(() => AuditOutcomeEnum)
  outcome!: AuditOutcome;

  @Field(() => String, { nullable: true })
  requestId?: string | null;

  @Field(() => String, { nullable: true, description: '`user`, `apiKey` or `system`; null when nobody was signed in.' })
  principalKind?: string | null;

  @Field(() => ID, { nullable: true })
  principalId?: string | null;

  @Field(() => String, { nullable: true, description: 'Username or API key prefix.' })
  principalLabel?: string | null;

  @Field(() => String, { nullable: true, description: "Code of the acting principal's agency." })
  agencyCode?: string | null;

  @Field(() => [String], { description: 'Roles of the person; `SCOPE_<scope>` for API keys.' })
  roles!: string[];

  @Field(() => String, {
    nullable: true,
    description: 'The declared purpose (a `Purpose` value when recorded; kept as text because events never change).',
  })
  purpose?: string | null;

  @Field(() => String, { nullable: true })
  operationName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'SHA-256 of the normalised GraphQL document (secret literals blanked).',
  })
  documentHash?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'SHA-256 of the canonical variables (secrets blanked); the values are never stored.',
  })
  variablesHash?: string | null;

  @Field(() => [ID], { description: 'Agreements that granted access to the data returned (ids).' })
  agreements!: string[];

  @Field(() => [String], { description: 'References (e.g. ISA-2026-001) of `agreements`, in the same order.' })
  agreementReferences!: string[];

  @Field(() => [String], { description: 'Keys of the datasets touched.' })
  datasets!: string[];

  @Field(() => [String], { description: 'Codes of the agencies whose data or accounts the event concerns.' })
  concerning!: string[];

  @Field(() => [String], { description: 'Schema fields (`Type.field`) returned at least once.' })
  fieldsReturned!: string[];

  @Field(() => [String], { description: 'Schema fields refused at least once.' })
  fieldsDenied!: string[];

  @Field(() => Int, { description: 'Records returned (imports: rows accepted).' })
  rows!: number;

  @Field(() => Int, { description: 'Aggregate cells returned.' })
  cells!: number;

  @Field(() => Int, { description: 'Aggregate cells suppressed by disclosure control.' })
  cellsSuppressed!: number;

  @Field(() => [String])
  errorCodes!: string[];

  @Field(() => Int, { nullable: true })
  durationMs?: number | null;

  @Field(() => JSONObjectScalar, {
    nullable: true,
    description: 'IMPORT: batch and counts. ADMIN: entity, before and after (secrets blanked).',
  })
  details?: Record<string, unknown> | null;

  @Field(() => String, {
    description:
      "Hash of the previous event; empty in a liaison officer's view of an event trimmed to their agency's part.",
  })
  prevHash!: string;

  @Field(() => String, {
    description:
      "This event's hash in the chain; empty in a liaison officer's view of an event trimmed to their agency's part.",
  })
  hash!: string;
}

@ObjectType('AuditEventConnection')
export class AuditEventConnectionType {
  @Field(() => [AuditEventType], { description: 'Newest first.' })
  nodes!: AuditEventType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;
}

@InputType('AuditEventFilter')
export class AuditEventFilterInput {
  @Field(() => Date, { nullable: true, description: 'Inclusive start.' })
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Exclusive end.' })
  to?: Date;

  @Field(() => String, { nullable: true, description: "Code of the acting principal's agency." })
  agency?: string;

  @Field(() => String, { nullable: true, description: 'Username, API key prefix or id of the acting principal.' })
  principal?: string;

  @Field(() => String, { nullable: true, description: 'Key of a dataset touched.' })
  dataset?: string;

  @Field(() => Purpose, { nullable: true })
  purpose?: Purpose;

  @Field(() => AuditOutcomeEnum, { nullable: true })
  outcome?: AuditOutcome;

  @Field(() => AuditEventKindEnum, { nullable: true })
  kind?: AuditKind;

  @Field(() => String, { nullable: true, description: 'Code of an agency whose data or accounts the event concerns.' })
  concerning?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Reference (e.g. ISA-2026-001) or id of an agreement that granted access. A liaison officer can filter by the agreements under which their agency provides data.',
  })
  agreement?: string;
}
