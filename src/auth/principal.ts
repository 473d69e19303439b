import type { Role } from '../domain/vocabulary.js';
import type { PrincipalSnapshot } from './access-plan.js';
import { SignInStep } from '../domain/api-enums.js';

/** Who is calling: a person (bearer token) or a partner system (API key). */
export interface Principal extends PrincipalSnapshot {
  agencyCode: string;
  /** Username for people, key prefix for systems: safe to log and audit. */
  label: string;
  /** Steps a person owes before anything else (src/accounts/sign-in-steps.ts): only those operations are open. */
  pending?: SignInStep[];
  /** The API sign-in (refresh-token family) a bearer token came from. */
  sessionId?: string;
}

export function hasRole(principal: Principal | null | undefined, ...roles: Role[]): boolean {
  return !!principal && principal.kind === 'user' && principal.roles.some((r) => roles.includes(r));
}
