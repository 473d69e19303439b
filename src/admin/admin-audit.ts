import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAdminEvent } from '../audit/audit.record.js';
import type { Actor } from '../auth/actor.js';
import type { AdminAction } from '../audit/audit-event.js';

/** One administrative change, as the admin and agreement services describe it. */
export interface Change {
  actor: Actor;
  /** e.g. `agency.create`, `account.set_roles`, `api_key.revoke`, `agreement.approve`: declared in AdminAction. */
  action: AdminAction;
  /** `Agency`, `Account`, `ApiKey`, `Agreement`. */
  entity: string;
  entityId: string;
  /** Plain snapshots; never a password, a key or a hash (the audit module blanks them anyway). */
  before?: unknown;
  after?: unknown;
  /** Agency ids the change concerns, beyond those named in the snapshots. */
  agencies?: string[];
  /** Why, when the actor gave a reason (suspension, revocation). */
  reason?: string;
  requestId?: string;
}

/**
 * The one place administrative changes are audited. Call it with the transaction's
 * EntityManager, so that the event commits with the change or not at all; a failure to
 * write the event fails the change.
 */
export async function recordChange(em: EntityManager, change: Change): Promise<void> {
  const actor = change.actor.kind === 'system' ? { kind: 'system' as const, label: change.actor.label } : change.actor;
  await recordAdminEvent(em, {
    actor,
    action: change.action,
    entityType: change.entity,
    entityId: change.entityId,
    before: change.before ?? null,
    after:
      change.reason === undefined
        ? (change.after ?? null)
        : { ...(change.after as object | null), reason: change.reason },
    agencies: change.agencies,
    requestId: change.requestId,
  });
}
