import { userInfo } from 'node:os';
import type { Principal } from './principal.js';
import { Role } from '../domain/vocabulary.js';

/**
 * Who is making an administrative change: a signed-in principal (GraphQL, or the CLI's
 * `--as <username>`), or the system itself (the command line run by an operator with
 * the hub's database and secrets, or the hub expiring agreements on its own).
 */
export type Actor = Principal | { kind: 'system'; label: string };

/** The operator at the command line: acts as a partnership administrator of no agency. */
export function consoleActor(): Actor {
  let who = 'unknown';
  try {
    who = userInfo().username;
  } catch {
    // No passwd entry (some containers): the label is informational only.
  }
  return { kind: 'system', label: `cli:${who}` };
}

/** The hub acting on its own (e.g. marking agreements past their end date EXPIRED). */
export const HUB_ACTOR: Actor = { kind: 'system', label: 'hub' };

/** Roles an actor holds: people's roles; none for API keys; ADMIN for the system. */
export function actorRoles(actor: Actor): readonly Role[] {
  if (actor.kind === 'system') return [Role.ADMIN];
  // API keys are machines: they never administer, whatever roles a row might carry.
  if (actor.kind === 'apiKey') return [];
  return actor.roles;
}

export function actorHas(actor: Actor, ...roles: Role[]): boolean {
  return actorRoles(actor).some((r) => roles.includes(r));
}

/** The actor's agency id, when it belongs to one (the system does not). */
export function actorAgencyId(actor: Actor): string | null {
  return actor.kind === 'system' ? null : actor.agencyId;
}

/** The user id to record as signatory or drafter; null for the system and API keys. */
export function actorUserId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.id : null;
}

export function actorLabel(actor: Actor): string {
  return actor.label;
}
