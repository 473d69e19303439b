import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../context.js';
import { ALL_RECORD_FIELDS } from '../domain/grants.js';
import { Access } from '../domain/vocabulary.js';
import type { SharingAgreement } from '../entities/sharing-agreement.entity.js';
import { AgreementDpiaInput, type DpiaStatus } from '../schema/agreement-dpia.type.js';
import {
  AgreementFilterInput,
  AgreementType,
  DraftAgreementInput,
  UpdateAgreementInput,
  type Grain,
} from '../schema/agreement.type.js';
import { agreementTermsDigest } from '../agreements/agreement-terms.js';
import { AgreementsService } from '../agreements/agreements.service.js';
import { standing } from '../agreements/agreement-views.js';
import { dpiaStatus, dpiaView } from '../agreements/dpia.js';
import { toAgency, toDataset } from '../catalogue/views.js';
import { londonDate } from '../domain/uk-time.js';

export function toAgreement(a: SharingAgreement, today = londonDate()): AgreementType {
  const s = standing(a, today);
  return {
    id: a.id,
    reference: a.reference,
    title: a.title,
    provider: toAgency(a.provider),
    datasets: a.datasets
      .getItems()
      .map(toDataset)
      .sort((x, y) => x.key.localeCompare(y.key)),
    recipients: a.recipients
      .getItems()
      .map(toAgency)
      .sort((x, y) => x.code.localeCompare(y.code)),
    purposes: a.purposes,
    legalBasis: a.legalBasis,
    additionalLegalBases: [...(a.additionalLegalBases ?? [])].sort(),
    grants: ALL_RECORD_FIELDS.map((field) => ({
      field,
      access: a.grants[field]?.access ?? Access.NONE,
      precision: (a.grants[field]?.precision as Grain | undefined) ?? null,
    })),
    minCellSize: a.minCellSize,
    validFrom: a.validFrom,
    validTo: a.validTo,
    reviewDate: a.reviewDate,
    termsDigest: agreementTermsDigest(a),
    status: a.status,
    inForce: s.inForce,
    standing: s.reason,
    draftedBy: a.draftedBy?.username ?? null,
    providerApprovedBy: a.providerApprovedBy?.username ?? null,
    providerApprovedAt: a.providerApprovedAt ?? null,
    recipientAcceptedBy: a.recipientAcceptedBy?.username ?? null,
    recipientAcceptedAt: a.recipientAcceptedAt ?? null,
    acceptances: (a.acceptances ?? []).map((x) => ({
      agency: x.agencyCode,
      accepted: x.acceptedAt !== null,
      acceptedBy: x.acceptedBy,
      acceptedAt: x.acceptedAt,
    })),
    lastReviewedAt: a.lastReviewedAt ?? null,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    dpia: dpiaView(a),
    dpiaStatus: dpiaStatus(a, londonDate()) as DpiaStatus,
  };
}

const service = (ctx: HubContext) => new AgreementsService(ctx.services.policy);

/** Sharing agreements: reading and every lifecycle step. Who may do what is in agreement-lifecycle.ts. */
@Resolver()
export class AgreementsResolver {
  @Query(() => [AgreementType], {
    description:
      'Agreements you may see: all for administrators and auditors; those your agency is party to for liaison officers and analysts.',
  })
  async agreements(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => AgreementFilterInput, { nullable: true }) filter?: AgreementFilterInput | null,
  ): Promise<AgreementType[]> {
    return (await service(ctx).list(ctx.em, ctx.principal!, filter ?? {}, { requestId: ctx.requestId })).map((a) =>
      toAgreement(a),
    );
  }

  @Query(() => AgreementType, {
    description: 'One agreement by reference. NOT_FOUND when it does not exist or is not yours to see.',
  })
  async agreement(@Arg('reference', () => String) reference: string, @Ctx() ctx: HubContext): Promise<AgreementType> {
    return toAgreement(await service(ctx).get(ctx.em, ctx.principal!, reference, { requestId: ctx.requestId }));
  }

  @Mutation(() => AgreementType, {
    description: 'Drafts an agreement (a liaison officer of the provider or of a recipient, or an administrator).',
  })
  async draftAgreement(
    @Arg('input', () => DraftAgreementInput) input: DraftAgreementInput,
    @Ctx() ctx: HubContext,
  ): Promise<AgreementType> {
    return toAgreement(await service(ctx).draft(ctx.em, ctx.principal!, input, { requestId: ctx.requestId }));
  }

  @Mutation(() => AgreementType, { description: 'Changes a DRAFT agreement.' })
  async updateAgreement(
    @Arg('reference', () => String) reference: string,
    @Arg('input', () => UpdateAgreementInput) input: UpdateAgreementInput,
    @Ctx() ctx: HubContext,
  ): Promise<AgreementType> {
    // GraphQL nulls mean "leave as it is".
    const changes = Object.fromEntries(Object.entries({ ...input }).filter(([, v]) => v !== null && v !== undefined));
    return toAgreement(
      await service(ctx).update(ctx.em, ctx.principal!, reference, changes, { requestId: ctx.requestId }),
    );
  }

  @Mutation(() => AgreementType, {
    description:
      "The provider's liaison officer approves a DRAFT: it becomes PROVIDER_APPROVED. Pass the termsDigest you read with the terms: if the terms have changed since, the approval is refused (CONFLICT, reason TERMS_CHANGED) and nothing changes.",
  })
  async approveAgreement(
    @Arg('reference', () => String) reference: string,
    @Arg('termsDigest', () => String, { description: 'Agreement.termsDigest as read with the terms being approved.' })
    termsDigest: string,
    @Ctx() ctx: HubContext,
  ): Promise<AgreementType> {
    return toAgreement(
      await service(ctx).approve(ctx.em, ctx.principal!, reference, termsDigest, { requestId: ctx.requestId }),
    );
  }

  @Mutation(() => AgreementType, {
    description:
      "A recipient's liaison officer accepts a PROVIDER_APPROVED agreement for their agency: it becomes ACTIVE once every recipient has accepted. Pass the termsDigest you read with the terms: if the terms differ, the acceptance is refused (CONFLICT, reason TERMS_CHANGED) and nothing changes.",
  })
  async acceptAgreement(
    @Arg('reference', () => String) reference: string,
    @Arg('termsDigest', () => String, { description: 'Agreement.termsDigest as read with the terms being accepted.' })
    termsDigest: string,
    @Ctx() ctx: HubContext,
  ): Promise<AgreementType> {
    return toAgreement(
      await service(ctx).accept(ctx.em, ctx.principal!, reference, termsDigest, { requestId: ctx.requestId }),
    );
  }

  @Mutation(() => AgreementType, {
    description: "Stops an ACTIVE agreement granting, at once (any party's liaison officer, or an administrator).",
  })
  async suspendAgreement(
    @Arg('reference', () => String) reference: string,
    @Ctx() ctx: HubContext,
    @Arg('reason', () => String, { nullable: true }) reason?: string | null,
  ): Promise<AgreementType> {
    return toAgreement(
      await service(ctx).suspend(ctx.em, ctx.principal!, reference, reason, { requestId: ctx.requestId }),
    );
  }

  @Mutation(() => AgreementType, { description: "The provider's liaison officer resumes a SUSPENDED agreement." })
  async resumeAgreement(
    @Arg('reference', () => String) reference: string,
    @Ctx() ctx: HubContext,
  ): Promise<AgreementType> {
    return toAgreement(await service(ctx).resume(ctx.em, ctx.principal!, reference, { requestId: ctx.requestId }));
  }

  @Mutation(() => AgreementType, {
    description: "Ends an agreement for good (any party's liaison officer, or an administrator).",
  })
  async revokeAgreement(
    @Arg('reference', () => String) reference: string,
    @Ctx() ctx: HubContext,
    @Arg('reason', () => String, { nullable: true }) reason?: string | null,
  ): Promise<AgreementType> {
    return toAgreement(
      await service(ctx).revoke(ctx.em, ctx.principal!, reference, reason, { requestId: ctx.requestId }),
    );
  }

  @Mutation(() => AgreementType, {
    description: 'Marks an agreement past its end date EXPIRED (the hub also does this on its own).',
  })
  async expireAgreement(
    @Arg('reference', () => String) reference: string,
    @Ctx() ctx: HubContext,
  ): Promise<AgreementType> {
    return toAgreement(await service(ctx).expire(ctx.em, ctx.principal!, reference, { requestId: ctx.requestId }));
  }

  @Mutation(() => AgreementType, {
    description:
      "The provider's liaison officer (or an administrator) records the agreement's data protection impact assessment and its data flows. Not part of the signed terms: the digest does not change. Audited with before and after.",
  })
  async recordAgreementDpia(
    @Arg('reference', () => String) reference: string,
    @Arg('input', () => AgreementDpiaInput) input: AgreementDpiaInput,
    @Ctx() ctx: HubContext,
  ): Promise<AgreementType> {
    return toAgreement(
      await service(ctx).recordDpia(ctx.em, ctx.principal!, reference, input, { requestId: ctx.requestId }),
    );
  }

  @Mutation(() => AgreementType, {
    description: "The provider's liaison officer records a review and sets the next review date (YYYY-MM-DD).",
  })
  async reviewAgreement(
    @Arg('reference', () => String) reference: string,
    @Arg('nextReviewDate', () => String) nextReviewDate: string,
    @Ctx() ctx: HubContext,
  ): Promise<AgreementType> {
    return toAgreement(
      await service(ctx).review(ctx.em, ctx.principal!, reference, nextReviewDate, { requestId: ctx.requestId }),
    );
  }
}
