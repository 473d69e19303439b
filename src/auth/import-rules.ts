import { rule } from 'graphql-shield';
import type { HubContext } from '../context.js';
import { Role } from '../domain/vocabulary.js';
import { importDenial } from './import-access.js';
import { batchScope } from '../ingest/batches.service.js';
import { forbidden, unauthenticated } from './errors.js';

/**
 * Rules for the ingest operations. Which dataset a principal may import into (only its
 * own agency's) is decided per dataset by the import service; these decide who may try.
 */

/** PROVIDER accounts, and partner systems whose API key has the IMPORT scope. */
export const importsData = rule('importsData', { cache: 'contextual' })((_p, _a, ctx: HubContext) => {
  if (!ctx.principal) return unauthenticated();
  const denial = importDenial(ctx.principal, ctx.principal.agencyId, '');
  return denial ? forbidden(denial) : true;
});

/** Providers, liaison officers and import keys (their agency's batches); administrators and auditors (all). */
export const readsImportBatches = rule('readsImportBatches', { cache: 'contextual' })((_p, _a, ctx: HubContext) => {
  if (!ctx.principal) return unauthenticated();
  return batchScope(ctx.principal)
    ? true
    : forbidden(
        `Import batches are read by the roles ${[Role.PROVIDER, Role.LIAISON_OFFICER, Role.ADMIN, Role.AUDITOR].join(', ')}, or with an API key with the IMPORT scope.`,
      );
});
