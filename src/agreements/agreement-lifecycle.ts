import { AgreementStatus, Role } from '../domain/vocabulary.js';
import { actorAgencyId, actorHas, type Actor } from '../auth/actor.js';

/*
 * The lifecycle of a sharing agreement, as data: which step may follow which status,
 * and who may take it. Pure, so that it can be table-tested and read as the rule book.
 *
 *   DRAFT --approve--> PROVIDER_APPROVED --accept--> ACTIVE <--resume-- SUSPENDED
 *                      (each recipient accepts for itself; ACTIVE once all have)
 *                                                     |  --suspend-->
 *   any of those four --revoke--> REVOKED;  --expire--> EXPIRED (once past validTo)
 *   ACTIVE / SUSPENDED --review--> same status, new review date
 *   any of the four live statuses --dpia--> same status, its impact assessment recorded
 *
 * Who: the rule of thumb is that anything that starts or restarts the flow of a
 * provider's data needs the provider's designated liaison officer (approve, resume,
 * review); a recipient's liaison officer accepts for the recipient; anything that stops
 * the flow may be done by any party's liaison officer or a partnership administrator
 * (suspend, revoke, expire); either side's liaison officer or an administrator drafts.
 */

export type AgreementAction =
  'draft' | 'update' | 'approve' | 'accept' | 'suspend' | 'resume' | 'revoke' | 'expire' | 'review' | 'dpia';

const LIVE: readonly AgreementStatus[] = [
  AgreementStatus.DRAFT,
  AgreementStatus.PROVIDER_APPROVED,
  AgreementStatus.ACTIVE,
  AgreementStatus.SUSPENDED,
];

/**
 * The statuses each step may start from, and the status it leaves (null: unchanged).
 * The terms change only while a DRAFT (update), and nothing returns an agreement to DRAFT,
 * so the terms a provider approved are the terms every recipient accepts and the terms in
 * force; approve and accept are also bound to the terms digest the signer read
 * (agreement-terms.ts). The one later change is review, by the provider's liaison officer
 * alone, which sets the next review date.
 */
export const TRANSITIONS: Readonly<
  Record<Exclude<AgreementAction, 'draft'>, { from: readonly AgreementStatus[]; to: AgreementStatus | null }>
> = {
  update: { from: [AgreementStatus.DRAFT], to: null },
  approve: { from: [AgreementStatus.DRAFT], to: AgreementStatus.PROVIDER_APPROVED },
  accept: { from: [AgreementStatus.PROVIDER_APPROVED], to: AgreementStatus.ACTIVE },
  suspend: { from: [AgreementStatus.ACTIVE], to: AgreementStatus.SUSPENDED },
  resume: { from: [AgreementStatus.SUSPENDED], to: AgreementStatus.ACTIVE },
  revoke: { from: LIVE, to: AgreementStatus.REVOKED },
  expire: { from: LIVE, to: AgreementStatus.EXPIRED },
  review: { from: [AgreementStatus.ACTIVE, AgreementStatus.SUSPENDED], to: null },
  // The provider, as controller of its data, records the DPIA; not part of the terms signed.
  dpia: { from: LIVE, to: null },
};

export type Signatory = 'admin' | 'providerLiaison' | 'recipientLiaison';

/** Who may take each step. */
export const SIGNATORIES: Readonly<Record<AgreementAction, readonly Signatory[]>> = {
  draft: ['admin', 'providerLiaison', 'recipientLiaison'],
  update: ['admin', 'providerLiaison', 'recipientLiaison'],
  approve: ['providerLiaison'],
  accept: ['recipientLiaison'],
  suspend: ['admin', 'providerLiaison', 'recipientLiaison'],
  resume: ['providerLiaison'],
  revoke: ['admin', 'providerLiaison', 'recipientLiaison'],
  expire: ['admin', 'providerLiaison', 'recipientLiaison'],
  review: ['providerLiaison'],
  dpia: ['admin', 'providerLiaison'],
};

const DESCRIBE: Record<Signatory, string> = {
  admin: 'a partnership administrator (ADMIN)',
  providerLiaison: "the provider's liaison officer",
  recipientLiaison: "a recipient's liaison officer",
};

export interface Parties {
  providerId: string;
  recipientIds: readonly string[];
}

/** The capacities in which the actor may act on an agreement between these parties. */
export function capacities(actor: Actor, parties: Parties): Signatory[] {
  const out: Signatory[] = [];
  if (actorHas(actor, Role.ADMIN)) out.push('admin');
  // Only people sign: the system (command line) must name the liaison officer with --as.
  if (actor.kind === 'user' && actorHas(actor, Role.LIAISON_OFFICER)) {
    const agency = actorAgencyId(actor);
    if (agency === parties.providerId) out.push('providerLiaison');
    if (agency !== null && parties.recipientIds.includes(agency)) out.push('recipientLiaison');
  }
  return out;
}

/** Whether the actor may take the step; when not, a sentence saying who may. */
export function mayAct(
  action: AgreementAction,
  actor: Actor,
  parties: Parties,
): { allowed: true } | { allowed: false; reason: string } {
  const allowed = SIGNATORIES[action];
  if (capacities(actor, parties).some((c) => allowed.includes(c))) return { allowed: true };
  const who = allowed.map((s) => DESCRIBE[s]).join(' or ');
  const hint =
    actor.kind === 'system' && !allowed.includes('admin')
      ? ' From the command line, name that person with --as <username>.'
      : '';
  return { allowed: false, reason: `Only ${who} may ${action} this agreement.${hint}` };
}

/** Whether the step may follow the status; when not, a sentence saying from where it may. */
export function mayTransition(
  action: Exclude<AgreementAction, 'draft'>,
  status: AgreementStatus,
): { allowed: true; to: AgreementStatus } | { allowed: false; reason: string } {
  const t = TRANSITIONS[action];
  if (t.from.includes(status)) return { allowed: true, to: t.to ?? status };
  return {
    allowed: false,
    reason: `An agreement that is ${status} cannot be ${PAST[action]}: only ${t.from.join(' or ')} agreements can.`,
  };
}

const PAST: Record<Exclude<AgreementAction, 'draft'>, string> = {
  update: 'edited',
  approve: 'approved',
  accept: 'accepted',
  suspend: 'suspended',
  resume: 'resumed',
  revoke: 'revoked',
  expire: 'expired',
  review: 'reviewed',
  dpia: 'given an impact assessment',
};

/**
 * The status after a recipient accepts: ACTIVE once every recipient has accepted, until
 * then still PROVIDER_APPROVED (granting nothing to anyone). One recipient cannot sign
 * for the others.
 */
export function statusAfterAcceptance(accepted: readonly boolean[]): AgreementStatus {
  return accepted.length > 0 && accepted.every(Boolean) ? AgreementStatus.ACTIVE : AgreementStatus.PROVIDER_APPROVED;
}

/** Whether any party is still bound: terminal statuses never change again. */
export function isTerminal(status: AgreementStatus): boolean {
  return status === AgreementStatus.REVOKED || status === AgreementStatus.EXPIRED;
}
