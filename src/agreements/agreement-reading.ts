import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { actorAgencyId, actorHas, type Actor } from '../auth/actor.js';
import { Role } from '../domain/vocabulary.js';
import type { RecipientAcceptance, SharingAgreement } from '../entities/sharing-agreement.entity.js';

/* Reading agreements: who sees which, what is loaded with one, and each recipient's acceptance. */

/** What is loaded with an agreement. */
export const AGREEMENT_POPULATE = [
  'provider',
  'datasets',
  'datasets.agency',
  'recipients',
  'draftedBy',
  'providerApprovedBy',
  'recipientAcceptedBy',
] as const;

/** Roles that see every agreement; other readers see those their agency is party to. */
export const SEES_ALL: readonly Role[] = [Role.ADMIN, Role.AUDITOR];
const SEES_OWN: readonly Role[] = [Role.LIAISON_OFFICER, Role.ANALYST];

/** The agreements the actor may see, as a condition; null when they may see none. */
export function visibilityWhere(actor: Actor): FilterQuery<SharingAgreement> | null {
  if (actorHas(actor, ...SEES_ALL)) return {};
  if (!actorHas(actor, ...SEES_OWN)) return null;
  const own = actorAgencyId(actor)!;
  return { $or: [{ provider: own }, { recipients: own }] };
}

/** Loads each recipient's acceptance (who and when) onto the agreements. */
export async function withAcceptances(em: EntityManager, agreements: SharingAgreement[]): Promise<SharingAgreement[]> {
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
