import type { Agency } from '../entities/agency.entity.js';
import type { ApiKey } from '../entities/api-key.entity.js';
import type { User } from '../entities/user.entity.js';

// Snapshots for the audit trail: plain values, never secrets.

export function agencySnapshot(a: Agency) {
  return { agencyId: a.id, code: a.code, name: a.name, kind: a.kind, active: a.active };
}

export function accountSnapshot(u: User) {
  return {
    id: u.id,
    agencyId: u.agency.id,
    username: u.username,
    displayName: u.displayName,
    roles: [...u.roles].sort(),
    active: u.active,
    // Named so that the audit's secret filter (which blanks anything called "token") keeps it.
    sessionsValidAfter: u.tokensValidAfter?.toISOString() ?? null,
    // (Not named after the password: the audit blanks any member named like one.)
    mustChangeAtSignIn: u.mustChangePassword,
    secondFactor: !!u.totpEnabledAt,
  };
}

export function apiKeySnapshot(k: ApiKey) {
  return {
    id: k.id,
    agencyId: k.agency.id,
    name: k.name,
    prefix: k.prefix,
    scopes: [...k.scopes].sort(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}
