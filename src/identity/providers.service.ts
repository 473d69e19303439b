import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { badInput, ErrorCode, notFound } from '../auth/errors.js';
import { Role } from '../domain/vocabulary.js';
import { Agency } from '../entities/agency.entity.js';
import { IdentityProvider, type RequiredClaim, type RoleMapping } from '../entities/identity-provider.entity.js';
import { actorAgencyId, actorHas, type Actor } from '../auth/actor.js';
import { recordChange } from '../admin/admin-audit.js';
import { parseSecretRef } from './secrets.js';

/** What an administrator gives to register a provider (every member but the first four optional on update). */
export interface ProviderInput {
  name?: string;
  agency?: string;
  displayName?: string;
  issuer?: string;
  clientId?: string;
  /** `env:HUB_OIDC_<NAME>` or `file:<secrets folder>/<name>`; null for a public client (PKCE only). */
  clientSecretRef?: string | null;
  usernameClaim?: string;
  displayNameClaim?: string;
  groupsClaim?: string;
  roleMappings?: RoleMapping[];
  /** Claims every ID token must carry with these values, e.g. Google's `hd` (the Workspace domain). */
  requiredClaims?: RequiredClaim[];
  autoProvision?: boolean;
  linkByUsername?: boolean;
  enabled?: boolean;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/;
const CLAIM = /^[A-Za-z_][A-Za-z0-9_.:/-]{0,99}$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function conflict(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.CONFLICT } });
}

/**
 * Whether an actor may register, change, remove and list the identity providers of an
 * agency. The one place this is decided: partnership administrators (and the operator
 * at the command line) for every agency.
 */
export function mayManageAgencyProviders(actor: Actor, agencyId: string): boolean {
  if (actorHas(actor, Role.ADMIN)) return true;
  // An agency administrator (AGENCY_ADMIN), for its own agency's providers only.
  return actorHas(actor, Role.AGENCY_ADMIN) && actorAgencyId(actor) === agencyId;
}

/** An issuer is an https URL (http only on this machine's loopback, for testing), without query or fragment. */
export function checkIssuer(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw badInput(
      'The issuer must be a URL, e.g. https://login.microsoftonline.com/<tenant id>/v2.0 for Microsoft Entra ID.',
      { field: 'issuer' },
    );
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    throw badInput('The issuer must be an https:// URL.', { field: 'issuer' });
  if (url.search || url.hash || url.username || url.password)
    throw badInput('The issuer must not carry a query, a fragment or credentials.', { field: 'issuer' });
  if (/^https:\/\/login\.microsoftonline\.com\/(common|organizations|consumers)\b/i.test(url.href))
    throw badInput(
      "Use your tenant's own issuer, https://login.microsoftonline.com/<tenant id>/v2.0, not the multi-tenant common, organizations or consumers endpoint: tokens from any tenant would otherwise be offered.",
      { field: 'issuer' },
    );
  return url.href.replace(/\/$/, '');
}

function checkMappings(mappings: RoleMapping[]): RoleMapping[] {
  const roles = new Set<string>(Object.values(Role));
  const seen = new Set<string>();
  return mappings.map((m, i) => {
    const value = String(m.value ?? '').trim();
    if (!value || value.length > 200)
      throw badInput(`Role mapping ${i + 1}: the group or app role is 1 to 200 characters.`, { field: 'roleMappings' });
    if (seen.has(value))
      throw badInput(`Role mapping ${i + 1}: "${value}" is mapped twice.`, { field: 'roleMappings' });
    seen.add(value);
    if (!Array.isArray(m.roles) || !m.roles.length)
      throw badInput(`Role mapping ${i + 1}: give at least one hub role for "${value}".`, { field: 'roleMappings' });
    for (const r of m.roles)
      if (!roles.has(r))
        throw badInput(`Role mapping ${i + 1}: unknown role ${String(r)}; roles are ${[...roles].join(', ')}.`, {
          field: 'roleMappings',
        });
    return { value, roles: [...new Set(m.roles)] };
  });
}

function checkRequiredClaims(claims: RequiredClaim[]): RequiredClaim[] {
  return claims.map((c, i) => {
    const claim = String(c.claim ?? '').trim();
    const value = String(c.value ?? '').trim();
    if (!CLAIM.test(claim) || ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce'].includes(claim))
      throw badInput(`Required claim ${i + 1}: give a claim name such as hd or tid.`, { field: 'requiredClaims' });
    if (!value || value.length > 200)
      throw badInput(`Required claim ${i + 1}: the value is 1 to 200 characters.`, { field: 'requiredClaims' });
    return { claim, value };
  });
}

function checkClaim(field: string, value: string): string {
  const v = value.trim();
  if (!CLAIM.test(v)) throw badInput(`${field} must be a claim name such as preferred_username.`, { field });
  if (v === 'sub' && field !== 'usernameClaim' && field !== 'displayNameClaim')
    throw badInput(`${field} cannot be sub.`, { field });
  return v;
}

/** A provider as the audit trail records it: no secret, only where it is read from (blanked by the audit module anyway). */
export function providerSnapshot(p: IdentityProvider) {
  return {
    name: p.name,
    agencyId: p.agency.id,
    displayName: p.displayName,
    issuer: p.issuer,
    clientId: p.clientId,
    clientSecretRef: p.clientSecretRef ?? null,
    usernameClaim: p.usernameClaim,
    displayNameClaim: p.displayNameClaim,
    groupsClaim: p.groupsClaim,
    roleMappings: p.roleMappings,
    requiredClaims: p.requiredClaims,
    autoProvision: p.autoProvision,
    linkByUsername: p.linkByUsername,
    enabled: p.enabled,
    checkedByPartnership: p.checkedByPartnership,
  };
}

/** Registering, changing and removing agencies' identity providers, each change audited with it. */
export class IdentityProvidersService {
  /** Called after each change, so that cached provider configurations are dropped. */
  constructor(private readonly changed: (providerId: string) => void = () => undefined) {}

  async list(em: EntityManager, actor: Actor, agencyCode?: string): Promise<IdentityProvider[]> {
    const where = agencyCode ? { agency: { code: agencyCode.trim().toUpperCase() } } : {};
    const all = await em.find(IdentityProvider, where, { populate: ['agency'], orderBy: { name: 'asc' } });
    return all.filter((p) => mayManageAgencyProviders(actor, p.agency.id));
  }

  /** A provider the actor may manage; another agency's looks exactly like one that does not exist. */
  async get(em: EntityManager, actor: Actor, name: string): Promise<IdentityProvider> {
    const p = await em.findOne(IdentityProvider, { name: name.trim().toLowerCase() }, { populate: ['agency'] });
    if (!p || !mayManageAgencyProviders(actor, p.agency.id)) throw notFound(`Identity provider ${name}`);
    return p;
  }

  async add(em: EntityManager, actor: Actor, input: ProviderInput, opts: { requestId?: string } = {}) {
    const name = String(input.name ?? '')
      .trim()
      .toLowerCase();
    if (!NAME.test(name))
      throw badInput(
        'A provider name is 2 to 40 characters: lower-case letters, digits and "-", e.g. "bpol-entra". It appears in the sign-in address.',
        { field: 'name' },
      );
    if (!input.agency)
      throw badInput('Give the agency whose people sign in through this provider.', { field: 'agency' });
    const agency = await em.findOne(Agency, { code: input.agency.trim().toUpperCase() });
    if (!agency || !mayManageAgencyProviders(actor, agency.id)) throw notFound(`Agency ${input.agency}`);
    if (!input.issuer) throw badInput('Give the issuer URL.', { field: 'issuer' });
    if (!input.clientId?.trim()) throw badInput('Give the client (application) id.', { field: 'clientId' });
    return em.transactional(async (tem) => {
      if (await tem.count(IdentityProvider, { name }))
        throw conflict(`An identity provider named ${name} already exists.`);
      const p = new IdentityProvider();
      p.name = name;
      p.agency = agency;
      tem.persist(p);
      this.apply(p, { ...input, displayName: input.displayName ?? `${agency.name}` });
      p.checkedByPartnership = actorHas(actor, Role.ADMIN);
      await tem.flush();
      await recordChange(tem, {
        actor,
        action: 'identity_provider.add',
        entity: 'IdentityProvider',
        entityId: p.id,
        after: providerSnapshot(p),
        agencies: [agency.id],
        requestId: opts.requestId,
      });
      return p;
    });
  }

  async update(em: EntityManager, actor: Actor, name: string, input: ProviderInput, opts: { requestId?: string } = {}) {
    return em.transactional(async (tem) => {
      const p = await this.get(tem, actor, name);
      const before = providerSnapshot(p);
      this.apply(p, input);
      p.checkedByPartnership = actorHas(actor, Role.ADMIN);
      p.updatedAt = new Date();
      await tem.flush();
      await recordChange(tem, {
        actor,
        action: 'identity_provider.update',
        entity: 'IdentityProvider',
        entityId: p.id,
        before,
        after: providerSnapshot(p),
        agencies: [p.agency.id],
        requestId: opts.requestId,
      });
      this.changed(p.id);
      return p;
    });
  }

  /** Removes a provider and its links; the accounts stay (they can still be given a password). */
  async remove(em: EntityManager, actor: Actor, name: string, opts: { requestId?: string } = {}) {
    return em.transactional(async (tem) => {
      const p = await this.get(tem, actor, name);
      const before = providerSnapshot(p);
      const links = await tem
        .getConnection()
        .execute<{ n: string }[]>(
          'select count(*)::text as n from identity_link where provider_id = ?',
          [p.id],
          'all',
          tem.getTransactionContext(),
        );
      await tem.nativeDelete(IdentityProvider, { id: p.id });
      await recordChange(tem, {
        actor,
        action: 'identity_provider.remove',
        entity: 'IdentityProvider',
        entityId: p.id,
        before: { ...before, links: Number(links[0]?.n ?? 0) },
        after: null,
        agencies: [p.agency.id],
        requestId: opts.requestId,
      });
      this.changed(p.id);
      return p;
    });
  }

  private apply(p: IdentityProvider, input: ProviderInput): void {
    if (input.displayName !== undefined) {
      const d = input.displayName.trim();
      if (!d || d.length > 120)
        throw badInput('A display name is 1 to 120 characters, e.g. "Borsetshire Police".', { field: 'displayName' });
      p.displayName = d;
    }
    if (input.issuer !== undefined) p.issuer = checkIssuer(input.issuer);
    if (input.clientId !== undefined) {
      const c = input.clientId.trim();
      if (!c || c.length > 300) throw badInput('A client id is 1 to 300 characters.', { field: 'clientId' });
      p.clientId = c;
    }
    if (input.clientSecretRef !== undefined)
      p.clientSecretRef = input.clientSecretRef === null ? null : parseSecretRef(input.clientSecretRef).ref;
    if (input.usernameClaim !== undefined) p.usernameClaim = checkClaim('usernameClaim', input.usernameClaim);
    if (input.displayNameClaim !== undefined)
      p.displayNameClaim = checkClaim('displayNameClaim', input.displayNameClaim);
    if (input.groupsClaim !== undefined) p.groupsClaim = checkClaim('groupsClaim', input.groupsClaim);
    if (input.roleMappings !== undefined) p.roleMappings = checkMappings(input.roleMappings);
    if (input.requiredClaims !== undefined) p.requiredClaims = checkRequiredClaims(input.requiredClaims);
    if (input.autoProvision !== undefined) p.autoProvision = input.autoProvision;
    if (input.linkByUsername !== undefined) p.linkByUsername = input.linkByUsername;
    if (input.enabled !== undefined) p.enabled = input.enabled;
  }
}
