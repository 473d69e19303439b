import type { Principal } from '../auth/principal.js';
import type { AuditContent } from './audit-event.js';

/** Who did something, for events outside GraphQL: a signed-in principal, or the hub/CLI itself. */
export type AuditActor = Principal | { kind: 'system'; label: string };

/** The actor's columns of an audit event (none for an unknown actor). */
export function actorFields(actor: AuditActor | null | undefined): Partial<AuditContent> {
  if (!actor) return {};
  if (actor.kind === 'system') return { principalKind: 'system', principalLabel: actor.label };
  return {
    principalKind: actor.kind,
    principalId: actor.id,
    principalLabel: actor.label,
    agencyId: actor.agencyId,
    agencyCode: actor.agencyCode,
    roles: [...actor.roles, ...actor.scopes.map((s) => `SCOPE_${s}`)],
  };
}
