/** What each role may use in the console: the navigation shown. The API still decides every request. */
export type RoleName = 'ADMIN' | 'LIAISON_OFFICER' | 'ANALYST' | 'OFFICER' | 'PROVIDER' | 'AUDITOR' | 'AGENCY_ADMIN';

export interface NavItem {
  path: string;
  text: string;
  roles: readonly RoleName[];
}

const READERS: RoleName[] = ['ANALYST', 'LIAISON_OFFICER', 'OFFICER'];

export const NAV_ITEMS: NavItem[] = [
  { path: '/explore', text: 'Explore', roles: READERS },
  { path: '/analyses', text: 'Analyses', roles: READERS },
  { path: '/records', text: 'Records', roles: READERS },
  { path: '/my-access', text: 'My access', roles: READERS },
  { path: '/saved', text: 'Saved queries', roles: READERS },
  { path: '/report', text: 'Assessment report', roles: ['ANALYST', 'LIAISON_OFFICER'] },
  { path: '/agreements', text: 'Agreements', roles: ['LIAISON_OFFICER', 'ADMIN', 'AUDITOR'] },
  { path: '/usage', text: 'Who used our data', roles: ['LIAISON_OFFICER', 'ADMIN', 'AUDITOR'] },
  { path: '/provider', text: 'Data uploads', roles: ['PROVIDER', 'LIAISON_OFFICER'] },
  { path: '/submissions', text: 'Submissions', roles: ['ADMIN', 'AUDITOR', 'LIAISON_OFFICER', 'PROVIDER'] },
  { path: '/admin', text: 'Administration', roles: ['ADMIN', 'LIAISON_OFFICER', 'AGENCY_ADMIN'] },
  { path: '/audit', text: 'Audit trail', roles: ['AUDITOR', 'LIAISON_OFFICER'] },
];

export function hasRole(roles: readonly string[], ...any: RoleName[]): boolean {
  return any.some((r) => roles.includes(r));
}

/** The navigation a person's roles can use. */
export function navFor(roles: readonly string[]): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.some((r) => roles.includes(r)));
}

/** Where "/" takes a person: the first page their roles can use. */
export function homeFor(roles: readonly string[]): string {
  if (hasRole(roles, ...READERS)) return '/explore';
  if (hasRole(roles, 'ADMIN', 'AGENCY_ADMIN')) return '/admin';
  if (hasRole(roles, 'AUDITOR')) return '/audit';
  if (hasRole(roles, 'PROVIDER')) return '/provider';
  return '/explore';
}

/** Paths that read no partner data: the purpose chooser does not apply there. */
export function isGovernancePath(pathname: string): boolean {
  return ['/agreements', '/usage', '/provider', '/submissions', '/admin', '/audit', '/account'].some(
    (p) => pathname === p || pathname.startsWith(p + '/'),
  );
}

/** Whether a person may read the audit trail (auditors and liaison officers): where the usage page's drill-down goes. */
export function canReadAuditTrail(roles: readonly string[]): boolean {
  return hasRole(roles, 'AUDITOR', 'LIAISON_OFFICER');
}
