import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { badInput, conflict, forbidden, notFound } from '../auth/errors.js';
import type { PolicyService } from '../auth/policy.service.js';
import { AgreementStatus, type RecordField } from '../domain/vocabulary.js';
import { Agency } from '../entities/agency.entity.js';
import { Dataset } from '../entities/dataset.entity.js';
import { SharingAgreement } from '../entities/sharing-agreement.entity.js';
import { User } from '../entities/user.entity.js';
import { actorUserId, HUB_ACTOR, type Actor } from '../auth/actor.js';
import { recordChange } from '../admin/admin-audit.js';
import { mayAct } from './agreement-lifecycle.js';
import {
  normaliseTerms,
  referenceForms,
  type AgreementFilter,
  type DraftAgreementInput,
  type Options,
  type UpdateAgreementInput,
} from './agreement-input.js';
import { requireBasesCover } from './agreement-checks.js';
import { AGREEMENT_POPULATE, visibilityWhere, withAcceptances } from './agreement-reading.js';
import { AgreementTransitions } from './agreement-transitions.js';
import { agreementSnapshot } from './agreement-views.js';

const REFERENCE = /^[A-Z0-9][A-Z0-9/-]{2,39}$/;

/**
 * Sharing agreements: reading them under the caller's visibility (agreement-reading.ts),
 * drafting and editing them, and every later step of their lifecycle (agreement-lifecycle.ts),
 * which AgreementTransitions takes (agreement-transitions.ts). Each step checks who acts,
 * validates the transition, commits with its audit event, and drops the policy cache so
 * that the next request on this instance sees the change (other instances see it through
 * the policy service's version probe).
 */
export class AgreementsService {
  private readonly transitions: AgreementTransitions;

  constructor(private readonly policy: PolicyService) {
    this.transitions = new AgreementTransitions(policy);
  }

  // ------------------------------------------------------------------ reading

  /** Agreements the actor may see, matching the filter; marks those past their end date EXPIRED first. */
  async list(
    em: EntityManager,
    actor: Actor,
    filter: AgreementFilter = {},
    opts: Options = {},
  ): Promise<SharingAgreement[]> {
    const visible = visibilityWhere(actor);
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
      { populate: AGREEMENT_POPULATE, orderBy: { reference: 'asc' } },
    );
    if (filter.purpose) rows = rows.filter((a) => a.purposes.includes(filter.purpose!));
    return withAcceptances(em, rows);
  }

  /** One agreement, or NOT_FOUND when it does not exist or is not visible to the actor (the same answer). */
  async get(em: EntityManager, actor: Actor, reference: string, opts: Options = {}): Promise<SharingAgreement> {
    const visible = visibilityWhere(actor);
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
    const [a] = await withAcceptances(em, [
      await em.findOneOrFail(SharingAgreement, { id: hit.id }, { populate: AGREEMENT_POPULATE }),
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
    const terms = normaliseTerms(input);
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
      await tem.populate(a, AGREEMENT_POPULATE);
      await withAcceptances(tem, [a]);
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
    return this.transitions.step(em, actor, reference, 'update', opts, async (a, tem) => {
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
      const terms = normaliseTerms(merged);
      requireBasesCover(terms, datasets);
      Object.assign(a, terms);
      a.datasets.set(datasets.map((d) => tem.getReference(Dataset, d.id)));
      a.recipients.set(recipients.map((r) => tem.getReference(Agency, r.id)));
    });
  }

  // ------------------------------------------------------------------ lifecycle (agreement-transitions.ts)

  approve(...args: Parameters<AgreementTransitions['approve']>): Promise<SharingAgreement> {
    return this.transitions.approve(...args);
  }

  accept(...args: Parameters<AgreementTransitions['accept']>): Promise<SharingAgreement> {
    return this.transitions.accept(...args);
  }

  suspend(...args: Parameters<AgreementTransitions['suspend']>): Promise<SharingAgreement> {
    return this.transitions.suspend(...args);
  }

  resume(...args: Parameters<AgreementTransitions['resume']>): Promise<SharingAgreement> {
    return this.transitions.resume(...args);
  }

  revoke(...args: Parameters<AgreementTransitions['revoke']>): Promise<SharingAgreement> {
    return this.transitions.revoke(...args);
  }

  expire(...args: Parameters<AgreementTransitions['expire']>): Promise<SharingAgreement> {
    return this.transitions.expire(...args);
  }

  recordDpia(...args: Parameters<AgreementTransitions['recordDpia']>): Promise<SharingAgreement> {
    return this.transitions.recordDpia(...args);
  }

  review(...args: Parameters<AgreementTransitions['review']>): Promise<SharingAgreement> {
    return this.transitions.review(...args);
  }

  expireDue(...args: Parameters<AgreementTransitions['expireDue']>): ReturnType<AgreementTransitions['expireDue']> {
    return this.transitions.expireDue(...args);
  }

  // ------------------------------------------------------------------ helpers

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
