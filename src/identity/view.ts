import type { EntityManager } from '@mikro-orm/postgresql';
import type { Services } from '../context.js';
import type { IdentityProvider } from '../entities/identity-provider.entity.js';
import { toAgency } from '../catalogue/views.js';
import type { IdentityProviderType } from '../schema/identity-provider.type.js';
import { OidcSignIn } from './oidc.js';

/** The redirect URI to register at providers: from HUB_PUBLIC_URL, or a placeholder for the hub's address. */
export function registeredRedirectUri(services: Pick<Services, 'config'>): string {
  return OidcSignIn.redirectUri(services.config.console.publicUrl ?? 'https://<hub address>');
}

export async function linkedAccounts(em: EntityManager, providerId: string): Promise<number> {
  const rows = await em
    .getConnection()
    .execute<{ n: string }[]>('select count(*)::text as n from identity_link where provider_id = ?', [providerId]);
  return Number(rows[0]?.n ?? 0);
}

export async function providerView(
  em: EntityManager,
  services: Pick<Services, 'config'>,
  p: IdentityProvider,
): Promise<IdentityProviderType> {
  return {
    id: p.id,
    name: p.name,
    agency: toAgency(p.agency),
    displayName: p.displayName,
    issuer: p.issuer,
    clientId: p.clientId,
    clientSecretRef: p.clientSecretRef ?? null,
    usernameClaim: p.usernameClaim,
    displayNameClaim: p.displayNameClaim,
    groupsClaim: p.groupsClaim,
    roleMappings: p.roleMappings.map((m) => ({ value: m.value, roles: [...m.roles] })),
    requiredClaims: p.requiredClaims.map((c) => ({ claim: c.claim, value: c.value })),
    autoProvision: p.autoProvision,
    linkByUsername: p.linkByUsername,
    enabled: p.enabled,
    linkedAccounts: await linkedAccounts(em, p.id),
    redirectUri: registeredRedirectUri(services),
    updatedAt: p.updatedAt,
  };
}
