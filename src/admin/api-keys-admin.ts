import type { EntityManager } from '@mikro-orm/postgresql';
import { actorAgencyId, actorHas, type Actor } from '../auth/actor.js';
import { generateApiKey } from '../auth/api-keys.js';
import { badInput, conflict, notFound } from '../auth/errors.js';
import { Role } from '../domain/vocabulary.js';
import { Agency } from '../entities/agency.entity.js';
import { ApiKey, ApiKeyScope } from '../entities/api-key.entity.js';
import { recordChange } from './admin-audit.js';
import { type Options } from './admin-helpers.js';
import { requireAgencyManager } from './admin-rules.js';
import { apiKeySnapshot } from './admin-snapshots.js';
import { agencyByCode, listingScope } from './agencies-admin.js';

/* Administration of API keys: listing, issuing, revoking. */

export interface CreateApiKeyInput {
  /** Agency code. */
  agency: string;
  name: string;
  scopes: ApiKeyScope[];
}

/** API keys. Stateless: every method takes the EntityManager to use. */
export class ApiKeysAdmin {
  async listApiKeys(em: EntityManager, actor: Actor, agencyCode?: string | null): Promise<ApiKey[]> {
    const where = await listingScope(em, actor, agencyCode, 'API keys');
    return em.find(ApiKey, where, { populate: ['agency'], orderBy: { createdAt: 'asc' } });
  }

  /**
   * Issues a key. The key itself is returned here and nowhere else: only its hash is
   * stored. Scopes are fixed for the key's life; to change them, issue a new key and
   * revoke the old one, so a system's power never changes under it unseen.
   */
  async createApiKey(
    em: EntityManager,
    actor: Actor,
    input: CreateApiKeyInput,
    opts: Options = {},
  ): Promise<{ apiKey: ApiKey; key: string }> {
    const name = input.name.trim();
    if (!name || name.length > 120)
      throw badInput('A key name is 1 to 120 characters (e.g. "RMS nightly export").', { field: 'name' });
    const scopes = [...new Set(input.scopes)].sort();
    if (scopes.length === 0)
      throw badInput(`A key needs at least one scope: ${Object.values(ApiKeyScope).join(', ')}.`, { field: 'scopes' });
    const unknown = scopes.filter((s) => !Object.values(ApiKeyScope).includes(s));
    if (unknown.length) throw badInput(`Unknown scopes: ${unknown.join(', ')}.`, { field: 'scopes' });
    const agency = await agencyByCode(em, input.agency);
    requireAgencyManager(actor, agency, 'issue API keys');
    if (!agency.active) throw conflict(`The agency ${agency.code} is deactivated; reactivate it first.`);
    const { key, prefix, secretHash } = generateApiKey();
    const apiKey = await em.transactional(async (tem) => {
      const row = tem.create(ApiKey, {
        agency: tem.getReference(Agency, agency.id),
        name,
        prefix,
        secretHash,
        scopes,
        createdAt: new Date(),
      });
      await tem.flush();
      await tem.populate(row, ['agency']);
      await recordChange(tem, {
        actor,
        action: 'api_key.create',
        entity: 'ApiKey',
        entityId: row.id,
        before: null,
        after: apiKeySnapshot(row),
        requestId: opts.requestId,
      });
      return row;
    });
    return { apiKey, key };
  }

  /** Revokes a key by its public prefix (e.g. "hubk_3f9a1c2b4d5e"); it is refused from the next request. */
  async revokeApiKey(em: EntityManager, actor: Actor, prefix: string, opts: Options = {}): Promise<ApiKey> {
    return em.transactional(async (tem) => {
      const row = await tem.findOne(ApiKey, { prefix: prefix.trim() }, { populate: ['agency'] });
      if (!row) throw notFound(`API key ${prefix}`);
      // Another agency's key reads as one that does not exist.
      if (!actorHas(actor, Role.ADMIN) && actorAgencyId(actor) !== row.agency.id) throw notFound(`API key ${prefix}`);
      requireAgencyManager(actor, row.agency, 'revoke API keys');
      if (row.revokedAt) return row;
      const before = apiKeySnapshot(row);
      row.revokedAt = new Date();
      await tem.flush();
      await recordChange(tem, {
        actor,
        action: 'api_key.revoke',
        entity: 'ApiKey',
        entityId: row.id,
        before,
        after: apiKeySnapshot(row),
        requestId: opts.requestId,
      });
      return row;
    });
  }
}
