import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, conflict, forbidden, notFound } from '../auth/errors.js';
import type { PolicyService } from '../auth/policy.service.js';
import { AgreementStatus } from '../domain/vocabulary.js';
import { SharingAgreement } from '../entities/sharing-agreement.entity.js';
import { User } from '../entities/user.entity.js';
import { actorAgencyId, actorHas, actorUserId, HUB_ACTOR, type Actor } from '../auth/actor.js';
import { recordChange } from '../admin/admin-audit.js';
import { londonDate } from '../domain/uk-time.js';
import { mayAct, mayTransition, statusAfterAcceptance, type AgreementAction } from './agreement-lifecycle.js';
import { referenceForms, validDate, type Options } from './agreement-input.js';
import { requireBasesCover, requireTermsRead } from './agreement-checks.js';
import { AGREEMENT_POPULATE, SEES_ALL, withAcceptances } from './agreement-reading.js';
import { agreementSnapshot } from './agreement-views.js';
import { normaliseDpiaRecord, type DpiaRecord } from './dpia.js';

/**
 * The steps of an agreement's lifecycle after drafting (agreement-lifecycle.ts), for
 * AgreementsService. Each step checks who acts, validates the transition, commits with
 * its audit event, and drops the policy cache so that the next request on this instance
 * sees the change (other instances see it through the policy service's version probe).
 */
export class AgreementTransitions {
  constructor(private readonly policy: PolicyService) {}

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

  /** The provider's liaison officer (or an administrator) records the agreement's DPIA and data flows; audited with before and after. */
  async recordDpia(
    em: EntityManager,
    actor: Actor,
    reference: string,
    input: DpiaRecord,
    opts: Options = {},
  ): Promise<SharingAgreement> {
    const record = normaliseDpiaRecord(input);
    return this.step(em, actor, reference, 'dpia', opts, (a, _tem, today) => {
      if (record.completedOn > today)
        throw badInput(`The DPIA's completion date cannot be in the future (today is ${today}).`, {
          field: 'completedOn',
        });
      a.dpiaDocument = record.document;
      a.dpiaCompletedOn = record.completedOn;
      a.dpiaOutcome = record.outcome;
      a.dpiaSignedOffBy = record.signedOffBy;
      a.dataFlows = record.dataFlows;
    });
  }

  /** The provider's liaison officer records a review and sets the next review date. */
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

  /**
   * Takes one step on one agreement under its row lock (the service's update is one too):
   * who acts, whether the step may follow the status, the changes, the audit event.
   */
  async step(
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
      const a = await tem.findOneOrFail(SharingAgreement, { id: locked.id }, { populate: AGREEMENT_POPULATE });
      await withAcceptances(tem, [a]);
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
      await withAcceptances(tem, [a]);
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
}
