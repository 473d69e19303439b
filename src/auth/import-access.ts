import type { Principal } from './principal.js';
import { Role } from '../domain/vocabulary.js';

/** Who submits: a person or partner system, or the operator at the command line. */
export type ImportActor = Principal | { kind: 'system'; label: string };

/**
 * Whether a principal may import into a dataset of an agency; a reason when not. The one
 * import permission: the GraphQL rule (import-rules.ts) asks it who may try, the import
 * pipeline asks it again for the dataset named.
 */
export function importDenial(actor: ImportActor, agencyId: string, datasetKey: string): string | null {
  if (actor.kind === 'system') return null;
  const allowed = actor.kind === 'user' ? actor.roles.includes(Role.PROVIDER) : actor.scopes.includes('IMPORT');
  if (!allowed)
    return 'Importing needs the PROVIDER role (or, for a partner system, an API key with the IMPORT scope).';
  if (actor.agencyId !== agencyId)
    return `You may import only into your own agency's datasets; ${datasetKey} belongs to another agency.`;
  return null;
}
