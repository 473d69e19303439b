import { Purpose, Role } from '../domain/vocabulary.js';
import type { PlanDenial, PrincipalSnapshot } from './access-plan.js';

/*
 * The policy engine's first rule: which roles may read shared data, and for which
 * declared purposes. A denial here wins over every agreement.
 */

const ALL_PURPOSES: readonly Purpose[] = Object.values(Purpose);

/**
 * Purposes each role may declare when reading shared data. Roles that read no record
 * data map to no purpose at all.
 */
export const PURPOSES_BY_ROLE: Readonly<Record<Role, readonly Purpose[]>> = {
  // Analysts and liaison officers produce the assessments, plans and reports, and the
  // liaison officer answers for the agency's sharing, so neither is limited by purpose.
  [Role.ANALYST]: ALL_PURPOSES,
  [Role.LIAISON_OFFICER]: ALL_PURPOSES,
  // Officers work on tasking and problems; the strategic and performance work is not
  // theirs, so data shared for it must not reach them.
  [Role.OFFICER]: [Purpose.TACTICAL_TASKING, Purpose.PROBLEM_SOLVING],
  // Administrators, providers and auditors run the hub, supply data or check its use:
  // none of that needs another agency's (or even their own) records through the API.
  [Role.ADMIN]: [],
  [Role.PROVIDER]: [],
  [Role.AUDITOR]: [],
  // An agency administrator manages its own agency's people and keys, never data.
  [Role.AGENCY_ADMIN]: [],
};

/** The roles that may read record data (for some purpose), derived from PURPOSES_BY_ROLE. */
export const DATA_READ_ROLES: readonly Role[] = Object.values(Role).filter((role) => PURPOSES_BY_ROLE[role].length > 0);

/**
 * The union of the purposes the given roles may read data for, in Purpose declaration
 * order. Unknown role strings contribute nothing.
 */
export function purposesForRoles(roles: readonly Role[]): Purpose[] {
  // A user holding several roles gets the union: roles only ever add purposes.
  return ALL_PURPOSES.filter((purpose) => roles.some((role) => (PURPOSES_BY_ROLE[role] ?? []).includes(purpose)));
}

/**
 * The data-reading roles a principal acts with. An API key acts as an ANALYST when it
 * holds the READ scope and reads nothing otherwise; its stored roles are ignored.
 */
export function dataRolesOf(principal: PrincipalSnapshot): Role[] {
  if (principal.kind === 'apiKey') {
    // Keys are issued for machines by scope; honouring roles on a key would let a
    // mis-set role turn an IMPORT key into a reader.
    return principal.scopes.includes('READ') ? [Role.ANALYST] : [];
  }
  return DATA_READ_ROLES.filter((role) => principal.roles.includes(role));
}

/**
 * Why this request may read no shared data at all, or undefined when it may read
 * (subject to the agreements). Checked before anything else: a denial here wins over
 * every agreement.
 */
export function requestDenial(principal: PrincipalSnapshot, purpose: Purpose | undefined): PlanDenial | undefined {
  const outcome = authorise(principal, purpose);
  return 'denial' in outcome ? outcome.denial : undefined;
}

/** The request's purpose when its roles may read data for it, or why they may not. */
export function authorise(
  principal: PrincipalSnapshot,
  purpose: Purpose | undefined,
): { denial: PlanDenial } | { purpose: Purpose } {
  const roles = dataRolesOf(principal);
  if (roles.length === 0) {
    return { denial: { code: 'NO_DATA_ROLE', message: noDataRoleMessage(principal) } };
  }
  // The purpose is what the agreements are written against and what the audit records,
  // so a read without one cannot be matched to any agreement.
  if (purpose === undefined) {
    return {
      denial: {
        code: 'PURPOSE_REQUIRED',
        message: `Declare the purpose of this request; it must be one of: ${ALL_PURPOSES.join(', ')}.`,
      },
    };
  }
  const allowed = purposesForRoles(roles);
  if (!allowed.includes(purpose)) {
    return {
      denial: {
        code: 'PURPOSE_NOT_ALLOWED_FOR_ROLE',
        message: `Your roles (${roles.join(', ')}) may not read data for the purpose ${String(purpose)}; allowed purposes: ${allowed.join(', ')}.`,
      },
    };
  }
  return { purpose };
}

function noDataRoleMessage(principal: PrincipalSnapshot): string {
  if (principal.kind === 'apiKey') {
    return 'This API key does not have the READ scope, so it reads no shared data.';
  }
  const held =
    principal.roles.length > 0 ? `Your roles (${principal.roles.join(', ')}) do not` : 'You have no role that does';
  return `${held} allow reading shared data; that needs one of: ${DATA_READ_ROLES.join(', ')}.`;
}
