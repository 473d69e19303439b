import { Collection, type Opt } from '@mikro-orm/core';
import { Entity, Enum, ManyToMany, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { randomUUID } from 'node:crypto';
import { AgreementStatus, DpiaOutcome, LegalBasis, Purpose } from '../domain/vocabulary.js';
import type { FieldGrants } from '../domain/grants.js';
import { Agency } from './agency.entity.js';
import { Dataset } from './dataset.entity.js';
import { User } from './user.entity.js';

export interface RecipientAcceptance {
  agencyId: string;
  agencyCode: string;
  acceptedBy: string | null;
  acceptedAt: Date | null;
}

/** An information sharing agreement: what a provider shares with whom, how finely, and why. */
@Entity({ tableName: 'sharing_agreement' })
export class SharingAgreement {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Human reference, e.g. "ISA-2026-004". */
  @Property({ type: 'string', length: 40, unique: true })
  reference!: string;

  @Property({ type: 'string', length: 300 })
  title!: string;

  @ManyToOne({ entity: () => Agency, deleteRule: 'restrict' })
  provider!: Agency;

  @ManyToMany({
    entity: () => Dataset,
    pivotTable: 'agreement_dataset',
    joinColumn: 'agreement_id',
    inverseJoinColumn: 'dataset_id',
  })
  datasets = new Collection<Dataset>(this);

  @ManyToMany({
    entity: () => Agency,
    pivotTable: 'agreement_recipient',
    joinColumn: 'agreement_id',
    inverseJoinColumn: 'agency_id',
  })
  recipients = new Collection<Agency>(this);

  @Enum({ items: () => Purpose, array: true, nativeEnumName: 'purpose' })
  purposes: Purpose[] = [];

  /** The basis the agreement cites first. */
  @Enum({ items: () => LegalBasis, nativeEnumName: 'legal_basis' })
  legalBasis!: LegalBasis;

  /** Further bases it cites (e.g. s115 beside s16 of the 2022 Act); never repeats legalBasis. */
  @Enum({ items: () => LegalBasis, array: true, nativeEnumName: 'legal_basis' })
  additionalLegalBases: LegalBasis[] & Opt = [];

  /** Per-field grants: access level and finest precision. See domain/grants.ts. */
  @Property({ type: 'json' })
  grants!: FieldGrants;

  /** Aggregate cells drawn from this provider's data below this count are suppressed. */
  @Property({ type: 'integer', default: 10 })
  minCellSize: number = 10;

  @Property({ type: 'date' })
  validFrom!: string;

  @Property({ type: 'date' })
  validTo!: string;

  @Property({ type: 'date' })
  reviewDate!: string;

  @Enum({ items: () => AgreementStatus, nativeEnumName: 'agreement_status', default: AgreementStatus.DRAFT })
  status: AgreementStatus = AgreementStatus.DRAFT;

  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'set null' })
  draftedBy?: User;

  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'set null' })
  providerApprovedBy?: User;

  @Property({ type: 'datetime', nullable: true })
  providerApprovedAt?: Date;

  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'set null' })
  recipientAcceptedBy?: User;

  @Property({ type: 'datetime', nullable: true })
  recipientAcceptedAt?: Date;

  /**
   * Each recipient's acceptance (agreement_recipient.accepted_by_id / accepted_at). Not
   * mapped: AgreementsService loads it with the agreement. The agreement becomes ACTIVE
   * when every recipient has accepted; recipientAcceptedBy/At then name the last one.
   */
  acceptances?: RecipientAcceptance[];

  @Property({ type: 'datetime', nullable: true })
  lastReviewedAt?: Date;

  /** The DPIA: where the document is (a reference or link), when it was completed, its outcome, who signed it off. */
  @Property({ type: 'string', length: 500, nullable: true })
  dpiaDocument?: string | null;

  @Property({ type: 'date', nullable: true })
  dpiaCompletedOn?: string | null;

  @Enum({ items: () => DpiaOutcome, nativeEnumName: 'dpia_outcome', nullable: true })
  dpiaOutcome?: DpiaOutcome | null;

  @Property({ type: 'string', length: 200, nullable: true })
  dpiaSignedOffBy?: string | null;

  /** The data flows in words: what goes from whom to whom, how, and how often. */
  @Property({ type: 'string', length: 4000, nullable: true })
  dataFlows?: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
