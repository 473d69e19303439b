import type { Services } from '../context.js';
import { OidcSignIn } from './oidc.js';
import { IdentityProvidersService } from './providers.service.js';

/*
 * The identity feature's services for a running hub: one OidcSignIn per hub (one cached
 * provider Configuration each), and the providers' administration wired to forget a
 * provider's cached Configuration when it changes. Used by the HTTP routes and the API.
 */

const signIns = new WeakMap<Services, OidcSignIn>();

/** The hub's one OidcSignIn (and so one cached Configuration per provider) for these services. */
export function oidcSignIn(services: Services): OidcSignIn {
  let s = signIns.get(services);
  if (!s) signIns.set(services, (s = new OidcSignIn(services)));
  return s;
}

/** The providers' administration, dropping a provider's cached Configuration when it changes. */
export function identityProviders(services: Services): IdentityProvidersService {
  return new IdentityProvidersService((id) => oidcSignIn(services).forget(id));
}
