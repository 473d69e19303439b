import type { Role } from '../domain/vocabulary.js';
import type { PrincipalSnapshot } from './access-plan.js';
import { SignInStep } from '../domain/api-enums.js';
import type { User } from '../entities/user.entity.js';

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

/** The principal of a person acting on their own account: the one mapping from an account (with its agency) to a caller. */
export function userPrincipal(user: Pick<User, 'id' | 'roles' | 'username' | 'agency'>): Principal {
  return {
    kind: 'user',
    id: user.id,
    agencyId: user.agency.id,
    agencyCode: user.agency.code,
    roles: [...user.roles],
    scopes: [],
    label: user.username,
  };
}
