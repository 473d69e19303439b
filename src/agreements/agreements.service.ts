import { LockMode } from '@mikro-orm/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { AgreementSnapshot } from '../auth/access-plan.js';
import { badInput, forbidden, notFound } from '../auth/errors.js';
import { isAgreementInForce } from '../auth/policy-engine.js';
import type { PolicyService } from '../auth/policy.service.js';
import type { FieldGrant, FieldGrants } from '../domain/grants.js';
import {
  Access,
  AgreementStatus,
  type DpiaOutcome,
  LegalBasis,
  LOCATION_ORDER,
  Purpose,
  RecordField,
  Role,
  TIME_ORDER,
  type LocationPrecision,
  type TimePrecision,
} from '../domain/vocabulary.js';
import { Agency } from '../entities/agency.entity.js';
import { Dataset } from '../entities/dataset.entity.js';
import { SharingAgreement, type RecipientAcceptance } from '../entities/sharing-agreement.entity.js';
import { User } from '../entities/user.entity.js';
import { actorAgencyId, actorHas, actorUserId, HUB_ACTOR, type Actor } from '../auth/actor.js';
import { recordChange } from '../admin/admin-audit.js';
import { conflict } from '../admin/admin.service.js';
import { mayAct, mayTransition, statusAfterAcceptance, type AgreementAction } from './agreement-lifecycle.js';
import { agreementTermsDigest, legalBasesProblem } from './agreement-terms.js';
import { londonDate } from '../domain/uk-time.js';

export interface GrantInput {
  field: RecordField;
  access: Access;
  precision?: LocationPrecision | TimePrecision | null;
}

export interface DraftAgreementInput {
  /** Omit to have one assigned (ISA-<year>-<nnn>). */
  reference?: string | null;
  title: string;
  /** Provider agency code. */
  provider: string;
  /** Dataset keys, all the provider's. */
  datasets: string[];
  /** Recipient agency codes. */
  recipients: string[];
  purposes: Purpose[];
  legalBasis: LegalBasis;
  /** Further bases the agreement cites beside legalBasis; section 16 of the 2022 Act needs one for health data. */
  additionalLegalBases?: LegalBasis[] | null;
  grants: GrantInput[];
  minCellSize?: number | null;
  validFrom: string;
  validTo: string;
  reviewDate: string;
}

/** What may change while an agreement is a draft; the provider may not (draft a new one). */
export type UpdateAgreementInput = Partial<Omit<DraftAgreementInput, 'reference' | 'provider'>>;

export interface AgreementFilter {
  statuses?: AgreementStatus[] | null;
  /** Agency code: agreements where it is the provider. */
  provider?: string | null;
  /** Agency code: agreements where it is a recipient. */
  recipient?: string | null;
  /** Dataset key. */
  dataset?: string | null;
  purpose?: Purpose | null;
}

export interface Options {
  requestId?: string;
  /** For tests and the CLI: the date the step is taken on (YYYY-MM-DD, UK). */
  today?: string;
}

const POPULATE = [
  'provider',
  'datasets',
  'datasets.agency',
  'recipients',
  'draftedBy',
  'providerApprovedBy',
  'recipientAcceptedBy',
] as const;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const REFERENCE = /^[A-Z0-9][A-Z0-9/-]{2,39}$/;

/** Roles that see every agreement; other readers see those their agency is party to. */
const SEES_ALL: readonly Role[] = [Role.ADMIN, Role.AUDITOR];
const SEES_OWN: readonly Role[] = [Role.LIAISON_OFFICER, Role.ANALYST];

function validDate(name: string, value: string): string {
  const v = value.trim();
  const d = new Date(`${v}T00:00:00Z`);
  if (!ISO_DATE.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
    throw badInput(`${name} must be a date written YYYY-MM-DD, got "${value}".`, { field: name });
  }
  return v;
}

/** A reference as typed, and in capitals (references are written in capitals; older ones may not be). */
function referenceForms(reference: string): string[] {
  const typed = reference.trim();
  return [...new Set([typed, typed.toUpperCase()])];
}

const LOCATION_FIELDS: readonly RecordField[] = [RecordField.LOCATION];
const TIME_FIELDS: readonly RecordField[] = [RecordField.TIME];

/** Turns grant inputs into the stored map, refusing anything ambiguous. */
export function normaliseGrants(input: readonly GrantInput[]): FieldGrants {
  const grants: FieldGrants = {};
  for (const g of input) {
    if (!Object.values(RecordField).includes(g.field))
      throw badInput(`Unknown field ${String(g.field)}.`, { field: 'grants' });
    if (!Object.values(Access).includes(g.access))
      throw badInput(`Unknown access ${String(g.access)} for ${g.field}.`, { field: 'grants' });
    if (grants[g.field]) throw badInput(`${g.field} is granted twice; give each field once.`, { field: 'grants' });
    const grains = LOCATION_FIELDS.includes(g.field)
      ? LOCATION_ORDER
      : TIME_FIELDS.includes(g.field)
        ? TIME_ORDER
        : null;
    if (g.access === Access.NONE) {
      grants[g.field] = { access: Access.NONE };
      continue;
    }
    if (grains === null) {
      if (g.precision) throw badInput(`${g.field} has no grains; leave its precision out.`, { field: 'grants' });
      grants[g.field] = { access: g.access };
      continue;
    }
    // The engine would read a missing grain as the coarsest; an agreement should say.
    if (!g.precision)
      throw badInput(`State the finest grain of ${g.field} shared: one of ${grains.join(', ')}.`, { field: 'grants' });
    if (!(grains as readonly string[]).includes(g.precision)) {
      throw badInput(`${g.precision} is not a grain of ${g.field}; use one of ${grains.join(', ')}.`, {
        field: 'grants',
      });
    }
    grants[g.field] = { access: g.access, precision: g.precision } as FieldGrant;
  }
  if (!Object.values(grants).some((g) => g.access !== Access.NONE)) {
    throw badInput('The agreement grants no field; grant at least one field at AGGREGATE or RECORD.', {
      field: 'grants',
    });
  }
  return grants;
}

/** A plain image of an agreement for the audit trail. */
export function agreementSnapshot(a: SharingAgreement) {
  return {
    reference: a.reference,
    title: a.title,
    providerId: a.provider.id,
    providerCode: a.provider.code,
    datasets: a.datasets.isInitialized()
      ? a.datasets
          .getItems()
          .map((d) => d.key)
          .sort()
      : null,
    recipientIds: a.recipients.isInitialized()
      ? a.recipients
          .getItems()
          .map((r) => r.id)
          .sort()
      : null,
    recipientCodes: a.recipients.isInitialized()
      ? a.recipients
          .getItems()
          .map((r) => r.code)
          .sort()
      : null,
    acceptedBy: a.acceptances ? a.acceptances.filter((x) => x.acceptedAt).map((x) => x.agencyCode) : null,
    purposes: [...a.purposes].sort(),
    legalBasis: a.legalBasis,
    additionalLegalBases: [...(a.additionalLegalBases ?? [])].sort(),
    grants: a.grants,
    minCellSize: a.minCellSize,
    validFrom: a.validFrom,
    validTo: a.validTo,
    reviewDate: a.reviewDate,
    termsDigest: a.datasets.isInitialized() && a.recipients.isInitialized() ? agreementTermsDigest(a) : null,
    status: a.status,
    lastReviewedAt: a.lastReviewedAt?.toISOString() ?? null,
    dpia: a.dpiaCompletedOn
      ? {
          document: a.dpiaDocument ?? null,
          completedOn: a.dpiaCompletedOn,
          outcome: a.dpiaOutcome ?? null,
          signedOffBy: a.dpiaSignedOffBy ?? null,
          dataFlows: a.dataFlows ?? null,
        }
      : null,
  };
}

export interface DpiaRecord {
  document: string;
  completedOn: string;
  outcome: DpiaOutcome;
  signedOffBy: string;
  dataFlows: string;
}

export type DpiaStatus = 'MISSING' | 'CURRENT' | 'OUT_OF_DATE';

/**
 * Whether an agreement's DPIA can be relied on: missing; out of date when it was
 * completed before the agreement's latest review (a review must revisit it) or more
 * than a year ago; otherwise current.
 */
export function dpiaStatus(
  a: { dpiaCompletedOn?: string | null; lastReviewedAt?: Date | null },
  today: string,
): DpiaStatus {
  if (!a.dpiaCompletedOn) return 'MISSING';
  const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
  if (a.dpiaCompletedOn < yearAgo) return 'OUT_OF_DATE';
  if (a.lastReviewedAt && a.dpiaCompletedOn < a.lastReviewedAt.toISOString().slice(0, 10)) return 'OUT_OF_DATE';
  return 'CURRENT';
}

/**
 * Refuses a signature given to other terms than the agreement's current ones: the signer
 * passes the termsDigest they read, and anything changed since (by another party's edit)
 * must be read again before it can be signed. Called under the agreement's row lock.
 */
function requireTermsRead(a: SharingAgreement, termsDigest: string, step: 'approve' | 'accept'): void {
  const given = termsDigest.trim().toLowerCase();
  if (given === agreementTermsDigest(a)) return;
  throw conflict(
    `The terms of ${a.reference} are not the ones you read: its terms digest does not match (they have changed since, or the digest is not this agreement's). ` +
      `Nothing was changed. Read the agreement again (its terms and termsDigest; from the command line, \`hub agreements show ${a.reference}\`), check the terms, and ${step} with the digest you read.`,
    { reason: 'TERMS_CHANGED' },
  );
}

/** Refuses legal bases that cannot cover the datasets (section 16 alone on health data: legalBasesProblem). */
function requireBasesCover(
  terms: { legalBasis: LegalBasis; additionalLegalBases?: readonly LegalBasis[] },
  datasets: readonly Dataset[],
): void {
  const problem = legalBasesProblem(
    [terms.legalBasis, ...(terms.additionalLegalBases ?? [])],
    datasets.map((d) => ({ key: d.key, kind: d.kind, agencyKind: d.agency.kind })),
  );
  if (problem) throw badInput(problem, { field: 'legalBasis', reason: 'S16_HEALTH_DATA' });
}

/** The engine's view of an agreement, to say whether it is in force today and why not. */
export function toPolicySnapshot(a: SharingAgreement): AgreementSnapshot {
  return {
    id: a.id,
    reference: a.reference,
    providerAgencyId: a.provider.id,
    datasetIds: a.datasets.isInitialized() ? a.datasets.getItems().map((d) => d.id) : [],
    recipientAgencyIds: a.recipients.isInitialized() ? a.recipients.getItems().map((r) => r.id) : [],
    purposes: a.purposes,
    grants: a.grants,
    minCellSize: a.minCellSize,
    validFrom: a.validFrom,
    validTo: a.validTo,
    reviewDate: a.reviewDate,
    status: a.status,
  };
}

export function standing(a: SharingAgreement, today = londonDate()): { inForce: boolean; reason: string } {
  const s = isAgreementInForce(toPolicySnapshot(a), today);
  return { inForce: s.inForce, reason: s.inForce ? 'in force' : `The agreement ${s.reason ?? 'is not in force'}.` };
}

/**
 * Sharing agreements: reading them under the caller's visibility, and every step of
 * their lifecycle (agreement-lifecycle.ts). Each step checks who acts, validates the
 * transition, commits with its audit event, and drops the policy cache so that the next
 * request on this instance sees the change (other instances see it through the policy
 * service's version probe).
 */
export class AgreementsService {
  constructor(private readonly policy: PolicyService) {}

  // ------------------------------------------------------------------ reading

  private visibilityWhere(actor: Actor): FilterQuery<SharingAgreement> | null {
    if (actorHas(actor, ...SEES_ALL)) return {};
    if (!actorHas(actor, ...SEES_OWN)) return null;
    const own = actorAgencyId(actor)!;
    return { $or: [{ provider: own }, { recipients: own }] };
  }

  /** Agreements the actor may see, matching the filter; marks those past their end date EXPIRED first. */
  async list(
    em: EntityManager,
    actor: Actor,
    filter: AgreementFilter = {},
    opts: Options = {},
  ): Promise<SharingAgreement[]> {
    const visible = this.visibilityWhere(actor);
    if (visible === null)
      throw forbidden(
        'Agreements are visible to administrators, auditors, and the liaison officers and analysts of their parties.',
      );
    await this.expireDue(em, HUB_ACTOR, opts);
    const and: FilterQuery<SharingAgreement>[] = [visible];
    if (filter.statuses?.length) and.push({ status: { $in: filter.statuses } });
    if (filter.provider) and.push({ provider: { code: filter.provider.trim().toUpperCase() } });
    if (filter.recipient) and.push({ recipients: { code: filter.recipient.trim().toUpperCase() } });
    if (filter.dataset) and.push({ datasets: { key: filter.dataset.trim() } });
    // Filter ids first: filtering on a collection while populating it would trim the collection.
    // (A fork, so that partially loaded rows do not sit in the caller's identity map.)
    const ids = (await em.fork().find(SharingAgreement, { $and: and }, { fields: ['id'] })).map((a) => a.id);
    if (ids.length === 0) return [];
    let rows = await em.find(
      SharingAgreement,
      { id: { $in: ids } },
      { populate: POPULATE, orderBy: { reference: 'asc' } },
    );
    if (filter.purpose) rows = rows.filter((a) => a.purposes.includes(filter.purpose!));
    return this.withAcceptances(em, rows);
  }

  /** One agreement, or NOT_FOUND when it does not exist or is not visible to the actor (the same answer). */
  async get(em: EntityManager, actor: Actor, reference: string, opts: Options = {}): Promise<SharingAgreement> {
    const visible = this.visibilityWhere(actor);
    if (visible === null)
      throw forbidden(
        'Agreements are visible to administrators, auditors, and the liaison officers and analysts of their parties.',
      );
    await this.expireDue(em, HUB_ACTOR, opts);
    const hit = await em
      .fork()
      .findOne(
        SharingAgreement,
        { $and: [{ reference: { $in: referenceForms(reference) } }, visible] },
        { fields: ['id'] },
      );
    if (!hit) throw notFound(`Agreement ${reference}`);
    const [a] = await this.withAcceptances(em, [
      await em.findOneOrFail(SharingAgreement, { id: hit.id }, { populate: POPULATE }),
    ]);
    return a;
  }

  // ------------------------------------------------------------------ drafting

  async draft(
    em: EntityManager,
    actor: Actor,
    input: DraftAgreementInput,
    opts: Options = {},
  ): Promise<SharingAgreement> {
    const provider = await em.findOne(Agency, { code: input.provider.trim().toUpperCase() });
    if (!provider) throw badInput(`There is no agency ${input.provider}.`, { field: 'provider' });
    const recipients = await this.recipients(em, input.recipients, provider);
    const may = mayAct('draft', actor, { providerId: provider.id, recipientIds: recipients.map((r) => r.id) });
    if (!may.allowed) throw forbidden(may.reason);
    if (!provider.active) throw conflict(`The provider ${provider.code} is deactivated.`);
    const datasets = await this.datasets(em, input.datasets, provider);
    const terms = this.terms(input);
    requireBasesCover(terms, datasets);
    let reference: string | undefined;
    if (input.reference) {
      reference = input.reference.trim().toUpperCase();
      if (!REFERENCE.test(reference))
        throw badInput(
          'A reference is 3 to 40 characters: capital letters, digits, "-" and "/" (e.g. "ISA-2026-004").',
          { field: 'reference' },
        );
    }
    const created = await em.transactional(async (tem) => {
      const ref = reference ?? (await this.nextReference(tem, terms.validFrom));
      if (await tem.count(SharingAgreement, { reference: ref })) throw conflict(`An agreement ${ref} already exists.`);
      const drafter = actorUserId(actor);
      const a = tem.create(SharingAgreement, {
        reference: ref,
        ...terms,
        provider: tem.getReference(Agency, provider.id),
        status: AgreementStatus.DRAFT,
        draftedBy: drafter ? tem.getReference(User, drafter) : undefined,
        createdAt: new Date(),
        updatedAt: new Date(),
      });
      for (const d of datasets) a.datasets.add(tem.getReference(Dataset, d.id));
      for (const r of recipients) a.recipients.add(tem.getReference(Agency, r.id));
      await tem.flush();
      await tem.populate(a, POPULATE);
      await this.withAcceptances(tem, [a]);
      await recordChange(tem, {
        actor,
        action: 'agreement.draft',
        entity: 'Agreement',
        entityId: a.id,
        before: null,
        after: agreementSnapshot(a),
        requestId: opts.requestId,
      });
      return a;
    });
    this.policy.invalidate();
    return created;
  }

  async update(
    em: EntityManager,
    actor: Actor,
    reference: string,
    input: UpdateAgreementInput,
    opts: Options = {},
  ): Promise<SharingAgreement> {
    return this.step(em, actor, reference, 'update', opts, async (a, tem) => {
      const merged: DraftAgreementInput = {
        title: input.title ?? a.title,
        provider: a.provider.code,
        datasets: input.datasets ?? a.datasets.getItems().map((d) => d.key),
        recipients: input.recipients ?? a.recipients.getItems().map((r) => r.code),
        purposes: input.purposes ?? a.purposes,
        legalBasis: input.legalBasis ?? a.legalBasis,
        // A new first basis alone leaves the others cited, less the one it repeats.
        additionalLegalBases: input.additionalLegalBases ?? a.additionalLegalBases,
        grants:
          input.grants ??
          Object.entries(a.grants).map(([field, g]) => ({
            field: field as RecordField,
            access: g!.access,
            precision: g!.precision ?? null,
          })),
        minCellSize: input.minCellSize ?? a.minCellSize,
        validFrom: input.validFrom ?? a.validFrom,
        validTo: input.validTo ?? a.validTo,
        reviewDate: input.reviewDate ?? a.reviewDate,
      };
      const recipients = await this.recipients(tem, merged.recipients, a.provider);
      // The editor must still be a party (or an administrator) after the edit.
      const may = mayAct('update', actor, { providerId: a.provider.id, recipientIds: recipients.map((r) => r.id) });
      if (!may.allowed) throw forbidden(may.reason);
      const datasets = await this.datasets(tem, merged.datasets, a.provider);
      const terms = this.terms(merged);
      requireBasesCover(terms, datasets);
      Object.assign(a, terms);
      a.datasets.set(datasets.map((d) => tem.getReference(Dataset, d.id)));
      a.recipients.set(recipients.map((r) => tem.getReference(Agency, r.id)));
    });
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * The provider's liaison officer approves: DRAFT -> PROVIDER_APPROVED. `termsDigest` is
   * the Agreement.termsDigest they read: the approval is refused (CONFLICT, TERMS_CHANGED)
   * unless the terms are still exactly those.
   */
  async approve(
    em: EntityManager,
    actor: Actor,
    reference: string,
    termsDigest: string,
    opts: Options = {},
  ): Promise<SharingAgreement> {
    return this.step(em, actor, reference, 'approve', opts, (a, tem, today) => {
      requireTermsRead(a, termsDigest, 'approve');
      // Drafts are checked when written; this holds for any written before the rule.
      requireBasesCover(a, a.datasets.getItems());
      if (a.validTo < today)
        throw conflict(`The agreement ended on ${a.validTo}; it can no longer be approved.`, {
          reason: 'PAST_END_DATE',
        });
      a.providerApprovedBy = tem.getReference(User, actorUserId(actor)!);
      a.providerApprovedAt = new Date();
    });
  }

  /**
   * A recipient's liaison officer accepts for their own agency. The agreement becomes
   * ACTIVE once every recipient has accepted; until then it stays PROVIDER_APPROVED and
   * grants nothing to anyone. Like approval, bound to the termsDigest the officer read.
   */
  async accept(
    em: EntityManager,
    actor: Actor,
    reference: string,
    termsDigest: string,
    opts: Options = {},
  ): Promise<SharingAgreement> {
    return this.step(em, actor, reference, 'accept', opts, async (a, tem, today) => {
      requireTermsRead(a, termsDigest, 'accept');
      if (a.validTo < today)
        throw conflict(`The agreement ended on ${a.validTo}; it can no longer be accepted.`, {
          reason: 'PAST_END_DATE',
        });
      const agencyId = actorAgencyId(actor)!;
      const mine = a.acceptances!.find((x) => x.agencyId === agencyId)!;
      if (mine.acceptedAt) {
        const awaiting = a.acceptances!.filter((x) => !x.acceptedAt).map((x) => x.agencyCode);
        throw conflict(`${mine.agencyCode} has already accepted this agreement; it awaits ${awaiting.join(', ')}.`, {
          reason: 'ALREADY_ACCEPTED',
        });
      }
      const at = new Date();
      await tem
        .getConnection()
        .execute(
          'update agreement_recipient set accepted_by_id = ?, accepted_at = ? where agreement_id = ? and agency_id = ?',
          [actorUserId(actor), at, a.id, agencyId],
          'run',
          tem.getTransactionContext(),
        );
      mine.acceptedAt = at;
      const status = statusAfterAcceptance(a.acceptances!.map((x) => x.acceptedAt !== null));
      if (status === AgreementStatus.ACTIVE) {
        a.recipientAcceptedBy = tem.getReference(User, actorUserId(actor)!);
        a.recipientAcceptedAt = at;
      }
      return status;
    });
  }

  /** Stops the agreement granting at once, until the provider resumes it. */
  async suspend(
    em: EntityManager,
    actor: Actor,
    reference: string,
    reason?: string | null,
    opts: Options = {},
  ): Promise<SharingAgreement> {
    return this.step(em, actor, reference, 'suspend', { ...opts, reason: reason ?? undefined });
  }

  async resume(em: EntityManager, actor: Actor, reference: string, opts: Options = {}): Promise<SharingAgreement> {
    return this.step(em, actor, reference, 'resume', opts, (a, _tem, today) => {
      if (a.validTo < today)
        throw conflict(`The agreement ended on ${a.validTo}; expire it and draft a new one.`, {
          reason: 'PAST_END_DATE',
        });
    });
  }

  /** Ends the agreement for good. */
  async revoke(
    em: EntityManager,
    actor: Actor,
    reference: string,
    reason?: string | null,
    opts: Options = {},
  ): Promise<SharingAgreement> {
    return this.step(em, actor, reference, 'revoke', { ...opts, reason: reason ?? undefined });
  }

  /** Marks one agreement EXPIRED; only once it is past its end date (to end one early, revoke it). */
  async expire(em: EntityManager, actor: Actor, reference: string, opts: Options = {}): Promise<SharingAgreement> {
    return this.step(em, actor, reference, 'expire', opts, (a, _tem, today) => {
      if (a.validTo >= today)
        throw conflict(`The agreement runs until ${a.validTo}; to end it early, revoke it.`, {
          reason: 'NOT_PAST_END_DATE',
        });
    });
  }

  /** The provider's liaison officer records a review and sets the next review date. */
  /** The provider's liaison officer (or an administrator) records the agreement's DPIA and data flows; audited with before and after. */
  async recordDpia(
    em: EntityManager,
    actor: Actor,
    reference: string,
    input: DpiaRecord,
    opts: Options = {},
  ): Promise<SharingAgreement> {
    const completedOn = validDate('completedOn', input.completedOn);
    const text = (field: keyof DpiaRecord, max: number) => {
      const v = String(input[field] ?? '').trim();
      if (!v)
        throw badInput(
          `The DPIA needs ${field === 'document' ? "the document's reference or link" : field === 'signedOffBy' ? 'who signed it off' : 'a description of the data flows'}.`,
          { field },
        );
      if (v.length > max) throw badInput(`\`${field}\` is at most ${max} characters.`, { field });
      return v;
    };
    const record = {
      document: text('document', 500),
      signedOffBy: text('signedOffBy', 200),
      dataFlows: text('dataFlows', 4000),
    };
    return this.step(em, actor, reference, 'dpia', opts, (a, _tem, today) => {
      if (completedOn > today)
        throw badInput(`The DPIA's completion date cannot be in the future (today is ${today}).`, {
          field: 'completedOn',
        });
      a.dpiaDocument = record.document;
      a.dpiaCompletedOn = completedOn;
      a.dpiaOutcome = input.outcome;
      a.dpiaSignedOffBy = record.signedOffBy;
      a.dataFlows = record.dataFlows;
    });
  }

  async review(
    em: EntityManager,
    actor: Actor,
    reference: string,
    nextReviewDate: string,
    opts: Options = {},
  ): Promise<SharingAgreement> {
    const next = validDate('nextReviewDate', nextReviewDate);
    return this.step(em, actor, reference, 'review', opts, (a, _tem, today) => {
      if (next <= today)
        throw badInput(`The next review date must be after today (${today}).`, { field: 'nextReviewDate' });
      if (next < a.validFrom)
        throw badInput(`The next review date must not be before the agreement starts (${a.validFrom}).`, {
          field: 'nextReviewDate',
        });
      a.reviewDate = next;
      a.lastReviewedAt = new Date();
    });
  }

  /**
   * Marks every agreement past its end date EXPIRED (the engine already ignores them;
   * this makes their status say so), each with its audit event. Returns those marked.
   */
  async expireDue(
    em: EntityManager,
    actor: Actor = HUB_ACTOR,
    opts: Options = {},
  ): Promise<{ reference: string; previous: AgreementStatus }[]> {
    const today = opts.today ?? londonDate();
    const expired = await em.transactional(async (tem) => {
      const rows = await tem.getConnection().execute<{ id: string; reference: string; previous: AgreementStatus }[]>(
        `with due as (
           select id, status from sharing_agreement
            where status in ('DRAFT', 'PROVIDER_APPROVED', 'ACTIVE', 'SUSPENDED') and valid_to < ?::date
            for update skip locked)
         update sharing_agreement a set status = 'EXPIRED', updated_at = now()
           from due where a.id = due.id
         returning a.id, a.reference, due.status::text as previous`,
        [today],
        'all',
        tem.getTransactionContext(),
      );
      for (const row of rows) {
        const a = await tem.findOneOrFail(
          SharingAgreement,
          { id: row.id },
          { populate: ['provider', 'datasets', 'recipients'], refresh: true },
        );
        await recordChange(tem, {
          actor,
          action: 'agreement.expire',
          entity: 'Agreement',
          entityId: a.id,
          before: { ...agreementSnapshot(a), status: row.previous },
          after: agreementSnapshot(a),
          reason: `past its end date (${a.validTo})`,
          requestId: opts.requestId,
        });
      }
      return rows;
    });
    if (expired.length) this.policy.invalidate();
    return expired.map((r) => ({ reference: r.reference, previous: r.previous }));
  }

  // ------------------------------------------------------------------ helpers

  private async step(
    em: EntityManager,
    actor: Actor,
    reference: string,
    action: Exclude<AgreementAction, 'draft'>,
    opts: Options & { reason?: string },
    /** Applies the step's changes; may return the status to leave instead of the transition's. */
    apply?: (
      a: SharingAgreement,
      tem: EntityManager,
      today: string,
    ) => void | AgreementStatus | Promise<void | AgreementStatus>,
  ): Promise<SharingAgreement> {
    const today = opts.today ?? londonDate();
    if (action !== 'expire') await this.expireDue(em, HUB_ACTOR, opts);
    const result = await em.transactional(async (tem) => {
      // Lock the row: two liaison officers acting at once take their turns.
      const locked = await tem.findOne(
        SharingAgreement,
        { reference: { $in: referenceForms(reference) } },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!locked) throw notFound(`Agreement ${reference}`);
      const a = await tem.findOneOrFail(SharingAgreement, { id: locked.id }, { populate: POPULATE });
      await this.withAcceptances(tem, [a]);
      const parties = { providerId: a.provider.id, recipientIds: a.recipients.getItems().map((r) => r.id) };
      // Someone who may not even see the agreement learns nothing about it.
      const party =
        actorAgencyId(actor) !== null &&
        (parties.providerId === actorAgencyId(actor) || parties.recipientIds.includes(actorAgencyId(actor)!));
      if (!party && !actorHas(actor, ...SEES_ALL)) throw notFound(`Agreement ${reference}`);
      const may = mayAct(action, actor, parties);
      if (!may.allowed) throw forbidden(may.reason, { reason: 'NOT_A_SIGNATORY' });
      const t = mayTransition(action, a.status);
      if (!t.allowed) throw conflict(t.reason, { reason: 'ILLEGAL_TRANSITION', status: a.status, action });
      const before = agreementSnapshot(a);
      const status = await apply?.(a, tem, today);
      a.status = status ?? t.to;
      // Collections changing alone would not bump updatedAt, which the policy cache probes.
      a.updatedAt = new Date();
      await tem.flush();
      await this.withAcceptances(tem, [a]);
      await recordChange(tem, {
        actor,
        action: `agreement.${action}`,
        entity: 'Agreement',
        entityId: a.id,
        before,
        after: agreementSnapshot(a),
        reason: opts.reason,
        requestId: opts.requestId,
      });
      return a;
    });
    this.policy.invalidate();
    return result;
  }

  /** Loads each recipient's acceptance (who and when) onto the agreements. */
  private async withAcceptances(em: EntityManager, agreements: SharingAgreement[]): Promise<SharingAgreement[]> {
    if (agreements.length === 0) return agreements;
    const rows = await em
      .getConnection()
      .execute<
        { agreementId: string; agencyId: string; code: string; username: string | null; acceptedAt: Date | null }[]
      >(
        `select r.agreement_id as "agreementId", r.agency_id as "agencyId", g.code, u.username, r.accepted_at as "acceptedAt"
         from agreement_recipient r join agency g on g.id = r.agency_id left join hub_user u on u.id = r.accepted_by_id
        where r.agreement_id in (${agreements.map(() => '?').join(', ')}) order by g.code`,
        agreements.map((a) => a.id),
        'all',
        em.getTransactionContext(),
      );
    for (const a of agreements) {
      a.acceptances = rows
        .filter((r) => r.agreementId === a.id)
        .map((r): RecipientAcceptance => ({
          agencyId: r.agencyId,
          agencyCode: r.code,
          acceptedBy: r.username,
          acceptedAt: r.acceptedAt ? new Date(r.acceptedAt) : null,
        }));
    }
    return agreements;
  }

  private terms(input: DraftAgreementInput) {
    const title = input.title.trim();
    if (!title || title.length > 300) throw badInput('A title is 1 to 300 characters.', { field: 'title' });
    const purposes = [...new Set(input.purposes)];
    if (purposes.length === 0)
      throw badInput(`Name at least one purpose: ${Object.values(Purpose).join(', ')}.`, { field: 'purposes' });
    const unknown = purposes.filter((p) => !Object.values(Purpose).includes(p));
    if (unknown.length) throw badInput(`Unknown purposes: ${unknown.join(', ')}.`, { field: 'purposes' });
    if (!Object.values(LegalBasis).includes(input.legalBasis))
      throw badInput(`Unknown legal basis ${String(input.legalBasis)}.`, { field: 'legalBasis' });
    const additional = [...new Set(input.additionalLegalBases ?? [])];
    const unknownBases = additional.filter((b) => !Object.values(LegalBasis).includes(b));
    if (unknownBases.length)
      throw badInput(`Unknown legal basis ${unknownBases.map(String).join(', ')}.`, { field: 'additionalLegalBases' });
    const minCellSize = input.minCellSize ?? 10;
    if (!Number.isInteger(minCellSize) || minCellSize < 1 || minCellSize > 1000) {
      throw badInput('minCellSize is a whole number from 1 to 1000 (aggregate cells below it are suppressed).', {
        field: 'minCellSize',
      });
    }
    const validFrom = validDate('validFrom', input.validFrom);
    const validTo = validDate('validTo', input.validTo);
    const reviewDate = validDate('reviewDate', input.reviewDate);
    if (validTo < validFrom) throw badInput('validTo must not be before validFrom.', { field: 'validTo' });
    if (reviewDate < validFrom) throw badInput('reviewDate must not be before validFrom.', { field: 'reviewDate' });
    return {
      title,
      purposes,
      legalBasis: input.legalBasis,
      additionalLegalBases: additional.filter((b) => b !== input.legalBasis),
      grants: normaliseGrants(input.grants),
      minCellSize,
      validFrom,
      validTo,
      reviewDate,
    };
  }

  private async recipients(em: EntityManager, codes: readonly string[], provider: Agency): Promise<Agency[]> {
    const wanted = [...new Set(codes.map((c) => c.trim().toUpperCase()))];
    if (wanted.length === 0) throw badInput('Name at least one recipient agency.', { field: 'recipients' });
    const found = await em.find(Agency, { code: { $in: wanted } });
    const missing = wanted.filter((c) => !found.some((a) => a.code === c));
    if (missing.length) throw badInput(`There is no agency ${missing.join(', ')}.`, { field: 'recipients' });
    if (found.some((a) => a.id === provider.id))
      throw badInput('The provider cannot also be a recipient: an agency always sees its own data.', {
        field: 'recipients',
      });
    const inactive = found.filter((a) => !a.active);
    if (inactive.length) throw conflict(`These recipients are deactivated: ${inactive.map((a) => a.code).join(', ')}.`);
    return found;
  }

  private async datasets(em: EntityManager, keys: readonly string[], provider: Agency): Promise<Dataset[]> {
    const wanted = [...new Set(keys.map((k) => k.trim()))];
    if (wanted.length === 0) throw badInput('Name at least one dataset of the provider.', { field: 'datasets' });
    const found = await em.find(Dataset, { key: { $in: wanted } }, { populate: ['agency'] });
    const missing = wanted.filter((k) => !found.some((d) => d.key === k));
    if (missing.length) throw badInput(`There is no dataset ${missing.join(', ')}.`, { field: 'datasets' });
    // An agency can only agree to share its own data.
    const foreign = found.filter((d) => d.agency.id !== provider.id);
    if (foreign.length)
      throw badInput(`These datasets are not ${provider.code}'s: ${foreign.map((d) => d.key).join(', ')}.`, {
        field: 'datasets',
      });
    return found;
  }

  private async nextReference(em: EntityManager, validFrom: string): Promise<string> {
    const year = validFrom.slice(0, 4);
    const [{ n }] = await em
      .getConnection()
      .execute<{ n: number }[]>(
        `select coalesce(max(substring(reference from '^ISA-${year}-(\\d+)$')::int), 0) + 1 as n from sharing_agreement where reference ~ '^ISA-${year}-\\d+$'`,
        [],
        'all',
        em.getTransactionContext(),
      );
    return `ISA-${year}-${String(n).padStart(3, '0')}`;
  }
}
