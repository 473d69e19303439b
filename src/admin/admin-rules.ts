import { actorAgencyId, actorHas, type Actor } from '../auth/actor.js';
import { badInput, forbidden, notFound } from '../auth/errors.js';
import { Role } from '../domain/vocabulary.js';
import type { Agency } from '../entities/agency.entity.js';
import type { User } from '../entities/user.entity.js';

/*
 * Who may assign and manage what in the administration of agencies, accounts and API keys
 * (admin.service.ts), for GraphQL and the CLI alike.
 *
 * - Agencies: partnership administrators (ADMIN) only.
 * - Accounts and API keys: ADMIN for any agency; an agency's designated liaison officer
 *   (LIAISON_OFFICER) for its own agency only, and only the working roles (ANALYST,
 *   OFFICER, PROVIDER). A liaison officer cannot create or change administrators,
 *   liaison officers or auditors, nor touch their accounts: those stay with the
 *   partnership, so that no agency can widen its own oversight. See docs/permissions.md.
 * - An agency administrator (AGENCY_ADMIN) manages its own agency's accounts, API keys and
 *   settings, and may give any role but ADMIN and AUDITOR (AGENCY_ASSIGNABLE_ROLES); it
 *   cannot touch accounts holding ADMIN or AUDITOR.
 * - Another agency's account or key reads exactly as one that does not exist (NOT_FOUND),
 *   to everyone but a partnership administrator.
 * - API keys never administer anything.
 * Every change is written to the audit trail in the same transaction (admin-audit.ts).
 */

/** Roles a liaison officer may give to accounts of their own agency. */
export const LIAISON_ASSIGNABLE_ROLES: readonly Role[] = [Role.ANALYST, Role.OFFICER, Role.PROVIDER];

/** Roles an agency administrator may give within its own agency: everything but the partnership's own. */
export const AGENCY_ASSIGNABLE_ROLES: readonly Role[] = Object.values(Role).filter(
  (r) => r !== Role.ADMIN && r !== Role.AUDITOR,
);

/** The roles an actor may hand out (all for ADMIN), or null when it administers no accounts. */
export function assignableBy(actor: Actor): readonly Role[] | null {
  if (actorHas(actor, Role.ADMIN)) return Object.values(Role);
  if (actorHas(actor, Role.AGENCY_ADMIN)) return AGENCY_ASSIGNABLE_ROLES;
  if (actorHas(actor, Role.LIAISON_OFFICER)) return LIAISON_ASSIGNABLE_ROLES;
  return null;
}

// ---------------------------------------------------------------------------
// Access checks

export function requireAdmin(actor: Actor, what: string): void {
  if (!actorHas(actor, Role.ADMIN)) throw forbidden(`Only a partnership administrator (ADMIN) may ${what}.`);
}

/** ADMIN for any agency; an agency administrator or liaison officer for their own. */
export function requireAgencyManager(actor: Actor, agency: Agency, what: string): void {
  if (actorHas(actor, Role.ADMIN)) return;
  const manager = actorHas(actor, Role.AGENCY_ADMIN, Role.LIAISON_OFFICER);
  if (manager && actorAgencyId(actor) === agency.id) return;
  if (manager) throw forbidden(`You may ${what} for your own agency only; ${agency.code} is not yours.`);
  throw forbidden(
    `Only a partnership administrator (ADMIN), or the agency's administrator or liaison officer, may ${what}.`,
  );
}

export function requireAssignable(actor: Actor, roles: readonly Role[]): void {
  const allowed = assignableBy(actor) ?? [];
  const refused = roles.filter((r) => !allowed.includes(r));
  if (refused.length) {
    throw forbidden(
      `You may give only the roles ${allowed.join(', ')}; ${refused.join(', ')} needs a partnership administrator.`,
      {
        reason: 'ROLE_NOT_ASSIGNABLE',
      },
    );
  }
}

/**
 * Another agency's account reads as one that does not exist (the same NOT_FOUND, the same
 * words) to anyone but a partnership administrator; within the agency, an agency
 * administrator or liaison officer may not change accounts holding roles they could not
 * give (oversight roles).
 */
export function requireManageableAccount(actor: Actor, user: User, what: string, asTyped: string): void {
  if (actorHas(actor, Role.ADMIN)) return;
  if (actorAgencyId(actor) !== user.agency.id) throw notFound(`Account ${asTyped}`);
  requireAgencyManager(actor, user.agency, what);
  const allowed = assignableBy(actor) ?? [];
  const oversight = user.roles.filter((r) => !allowed.includes(r));
  if (oversight.length) {
    throw forbidden(
      `You may not ${what} for an account holding ${oversight.join(', ')}; ask a partnership administrator.`,
      { reason: 'ACCOUNT_NOT_MANAGEABLE' },
    );
  }
}

export function normaliseRoles(roles: readonly string[]): Role[] {
  const known = Object.values(Role) as string[];
  const unknown = roles.filter((r) => !known.includes(r));
  if (unknown.length)
    throw badInput(`Unknown roles: ${unknown.join(', ')}. Roles: ${known.join(', ')}.`, { field: 'roles' });
  const unique = [...new Set(roles)] as Role[];
  if (unique.length === 0) throw badInput('An account needs at least one role.', { field: 'roles' });
  return unique.sort();
}
