/**
 * Which accounts and roles a liaison officer may manage: mirrors the hub's checks in
 * src/admin/admin.service.ts (LIAISON_ASSIGNABLE_ROLES, requireAgencyManager,
 * requireManageableAccount). The API still decides every request.
 */

/** Roles a liaison officer may give (copied from LIAISON_ASSIGNABLE_ROLES in src/admin/admin.service.ts). */
export const LIAISON_ASSIGNABLE_ROLES: readonly string[] = ['ANALYST', 'OFFICER', 'PROVIDER'];

/** Roles an agency administrator may give: all but the partnership's own (AGENCY_ASSIGNABLE_ROLES in admin.service.ts). */
export const AGENCY_ASSIGNABLE_ROLES: readonly string[] = [
  'AGENCY_ADMIN',
  'LIAISON_OFFICER',
  'ANALYST',
  'OFFICER',
  'PROVIDER',
];

function assignableFor(myRoles: readonly string[]): readonly string[] {
  if (myRoles.includes('AGENCY_ADMIN')) return AGENCY_ASSIGNABLE_ROLES;
  if (myRoles.includes('LIAISON_OFFICER')) return LIAISON_ASSIGNABLE_ROLES;
  return [];
}

/** The roles a person may offer in create / change roles: every role for administrators, fewer for an agency's own managers. */
export function assignableRoles(myRoles: readonly string[], allRoles: readonly string[]): string[] {
  if (myRoles.includes('ADMIN')) return [...allRoles];
  const mine = assignableFor(myRoles);
  return allRoles.filter((r) => mine.includes(r));
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
  const mine = assignableFor(me.roles);
  if (!mine.length) return false;
  if (account.agencyCode !== me.agencyCode) return false;
  return account.roles.every((r) => mine.includes(r));
}
