/**
 * Which accounts and roles a liaison officer may manage: mirrors the hub's checks in
 * src/services/admin.service.ts (LIAISON_ASSIGNABLE_ROLES, requireAgencyManager,
 * requireManageableAccount). The API still decides every request.
 */

/** Roles a liaison officer may give (copied from LIAISON_ASSIGNABLE_ROLES in src/services/admin.service.ts). */
export const LIAISON_ASSIGNABLE_ROLES: readonly string[] = ['ANALYST', 'OFFICER', 'PROVIDER'];

/** The roles a person may offer in create / change roles: every role for administrators, the working roles for a liaison officer. */
export function assignableRoles(myRoles: readonly string[], allRoles: readonly string[]): string[] {
  if (myRoles.includes('ADMIN')) return [...allRoles];
  return allRoles.filter((r) => LIAISON_ASSIGNABLE_ROLES.includes(r));
}

/**
 * Whether the hub lets this person change roles, reset the password, end the sessions or
 * (de)activate an account: administrators any; a liaison officer only accounts of their own
 * agency that hold working roles only (so not administrators, auditors, other liaison
 * officers, nor their own account).
 */
export function canManageAccount(
  me: { roles: readonly string[]; agencyCode: string },
  account: { roles: readonly string[]; agencyCode: string },
): boolean {
  if (me.roles.includes('ADMIN')) return true;
  if (!me.roles.includes('LIAISON_OFFICER')) return false;
  if (account.agencyCode !== me.agencyCode) return false;
  return account.roles.every((r) => LIAISON_ASSIGNABLE_ROLES.includes(r));
}
