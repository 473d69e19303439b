import type { Command } from 'commander';
import { Role } from '../../domain/vocabulary.js';
import type { IdentityProvider, RequiredClaim, RoleMapping } from '../../entities/identity-provider.entity.js';
import { IdentityProvidersService, providerSnapshot, type ProviderInput } from '../../identity/providers.service.js';
import { linkedAccounts, registeredRedirectUri } from '../../identity/view.js';
import { CliError, print } from '../runtime.js';
import { resolveActor } from '../acting-account.js';
import { runAdmin } from '../run-admin.js';

/*
 * `hub identity-providers add|list|update|remove`: agencies' OpenID Connect providers
 * (docs/identity.md). As with the other administration commands, the operator acts as
 * the partnership administrator (`cli:<os user>` in the audit trail) unless --as names
 * an account.
 */

const service = new IdentityProvidersService();
const ROLES = Object.values(Role) as string[];

/** `--map "<group or app role>=ROLE[,ROLE]"`, repeatable. */
function collectMapping(value: string, previous: RoleMapping[] = []): RoleMapping[] {
  const eq = value.lastIndexOf('=');
  if (eq <= 0) throw new CliError(`--map must be "<group or app role>=ROLE[,ROLE...]", got "${value}".`, 2);
  const roles = value
    .slice(eq + 1)
    .split(',')
    .map((r) => r.trim().toUpperCase())
    .filter(Boolean);
  for (const r of roles)
    if (!ROLES.includes(r)) throw new CliError(`--map: unknown role ${r}; roles are ${ROLES.join(', ')}.`, 2);
  return [...previous, { value: value.slice(0, eq).trim(), roles: roles as Role[] }];
}

/** `--require-claim name=value`, repeatable. */
function collectRequiredClaim(value: string, previous: RequiredClaim[] = []): RequiredClaim[] {
  const eq = value.indexOf('=');
  if (eq <= 0)
    throw new CliError(`--require-claim must be "<claim>=<value>", e.g. hd=borsetshire.gov.uk; got "${value}".`, 2);
  return [...previous, { claim: value.slice(0, eq).trim(), value: value.slice(eq + 1).trim() }];
}

interface ProviderOptions {
  agency?: string;
  displayName?: string;
  issuer?: string;
  clientId?: string;
  clientSecretRef?: string;
  publicClient?: boolean;
  usernameClaim?: string;
  displayNameClaim?: string;
  groupsClaim?: string;
  map?: RoleMapping[];
  clearMappings?: boolean;
  requireClaim?: RequiredClaim[];
  clearRequiredClaims?: boolean;
  autoProvision?: boolean;
  linkByUsername?: boolean;
  enabled?: boolean;
  as?: string;
  json?: boolean;
}

function withProviderOptions(cmd: Command): Command {
  return cmd
    .option('--display-name <text>', 'shown on the sign-in page: "Sign in with <text>"')
    .option('--issuer <url>', 'e.g. https://login.microsoftonline.com/<tenant id>/v2.0')
    .option('--client-id <id>', 'the application (client) id registered at the provider')
    .option(
      '--client-secret-ref <ref>',
      'where the hub reads the client secret: env:HUB_OIDC_<NAME> or file:/run/secrets/<name>',
    )
    .option('--public-client', 'no client secret (PKCE only)')
    .option('--username-claim <claim>', 'the claim naming the account (default preferred_username)')
    .option('--display-name-claim <claim>', 'default name')
    .option('--groups-claim <claim>', 'the claim listing groups or app roles (default groups; Entra app roles: roles)')
    .option('--map <group=ROLES>', 'a group or app role and the hub roles it vouches for (repeatable)', collectMapping)
    .option('--clear-mappings', 'remove every role mapping (roles are then managed in the hub alone)')
    .option(
      '--require-claim <claim=value>',
      'refuse ID tokens without this claim value, e.g. hd=borsetshire.gov.uk for Google Workspace (repeatable)',
      collectRequiredClaim,
    )
    .option('--clear-required-claims', 'remove every required claim')
    .option('--auto-provision', 'first sign-in of an unknown person creates an account of the agency, with no roles')
    .option('--no-auto-provision', 'first sign-in needs an existing, linked account')
    .option('--link-by-username', "link a first sign-in to the agency's account named by the username claim")
    .option('--no-link-by-username', 'do not link by username')
    .option('--enabled', 'offer it on the sign-in page')
    .option('--disabled', 'stop sign-in through it (links are kept)')
    .option('--as <username>', 'act as this account (its roles are checked) instead of the partnership administrator')
    .option('--json', 'print JSON');
}

function toInput(opts: ProviderOptions & { disabled?: boolean }, command: Command, creating: boolean): ProviderInput {
  if (opts.publicClient && opts.clientSecretRef)
    throw new CliError('Give --client-secret-ref or --public-client, not both.', 2);
  const input: ProviderInput = {
    displayName: opts.displayName,
    issuer: opts.issuer,
    clientId: opts.clientId,
    clientSecretRef: opts.publicClient ? null : opts.clientSecretRef,
    usernameClaim: opts.usernameClaim,
    displayNameClaim: opts.displayNameClaim,
    groupsClaim: opts.groupsClaim,
    roleMappings: opts.clearMappings ? [] : opts.map,
    requiredClaims: opts.clearRequiredClaims ? [] : opts.requireClaim,
    enabled: opts.disabled ? false : opts.enabled ? true : undefined,
  };
  // commander gives `--no-x` options a default: only an explicit choice counts on update.
  const given = (key: string) => creating || command.getOptionValueSource(key) === 'cli';
  if (given('autoProvision')) input.autoProvision = Boolean(opts.autoProvision);
  if (given('linkByUsername')) input.linkByUsername = Boolean(opts.linkByUsername);
  return input;
}

function json(p: IdentityProvider, links: number, redirectUri: string) {
  // The audit trail's view of a provider, with the agency by code rather than id.
  const { agencyId, ...provider } = providerSnapshot(p);
  void agencyId;
  return { ...provider, agency: p.agency.code, linkedAccounts: links, redirectUri };
}

function line(p: IdentityProvider, links: number): string {
  const maps = p.roleMappings.map((m) => `${m.value}=${m.roles.join(',')}`).join(' ') || '(roles managed in the hub)';
  return [
    p.name.padEnd(20),
    p.agency.code.padEnd(8),
    (p.enabled ? 'enabled' : 'disabled').padEnd(9),
    p.issuer,
    `client ${p.clientId}`,
    `secret ${p.clientSecretRef ?? 'none (public client)'}`,
    `claims ${p.usernameClaim}/${p.displayNameClaim}/${p.groupsClaim}`,
    maps,
    p.requiredClaims.map((c) => `requires ${c.claim}=${c.value}`).join(' '),
    p.autoProvision ? 'auto-provision' : 'no auto-provision',
    p.linkByUsername ? 'link by username' : '',
    `${links} linked`,
  ]
    .filter(Boolean)
    .join('  ');
}

export function registerIdentityProviders(program: Command): void {
  const cmd = program
    .command('identity-providers')
    .description(
      "Agencies' own OpenID Connect identity providers (Microsoft Entra ID, Google, Okta, ADFS): register, list, change, remove. See docs/identity.md.",
    );
  cmd
    .command('list')
    .description('List identity providers.')
    .option('--agency <code>', 'only this agency')
    .option('--as <username>', 'act as this account')
    .option('--json', 'print JSON')
    .action(async (opts: { agency?: string; as?: string; json?: boolean }) => {
      await runAdmin(async (rt, em) => {
        const rows = await service.list(em, await resolveActor(em, opts.as), opts.agency);
        const links = await Promise.all(rows.map((p) => linkedAccounts(em, p.id)));
        if (opts.json) print(JSON.stringify(rows.map((p, i) => json(p, links[i], registeredRedirectUri(rt)))));
        else if (!rows.length) print('No identity providers.');
        else rows.forEach((p, i) => print(line(p, links[i])));
      });
    });
  withProviderOptions(
    cmd
      .command('add')
      .description('Register an identity provider for an agency.')
      .argument('<name>', 'short stable name used in the sign-in address, e.g. bpol-entra')
      .requiredOption('--agency <code>', 'the agency whose people sign in through it'),
  ).action(async (name: string, opts: ProviderOptions & { disabled?: boolean }, command: Command) => {
    await runAdmin(async (rt, em) => {
      const p = await service.add(em, await resolveActor(em, opts.as), {
        ...toInput(opts, command, true),
        name,
        agency: opts.agency,
        enabled: !opts.disabled,
      });
      const uri = registeredRedirectUri(rt);
      if (opts.json) print(JSON.stringify(json(p, 0, uri)));
      else {
        print(`Registered ${line(p, 0)}`);
        print(`Register this redirect URI at the provider: ${uri}`);
      }
    });
  });
  withProviderOptions(
    cmd
      .command('update')
      .description('Change an identity provider; options left out are unchanged.')
      .argument('<name>'),
  ).action(async (name: string, opts: ProviderOptions & { disabled?: boolean }, command: Command) => {
    await runAdmin(async (rt, em) => {
      const p = await service.update(em, await resolveActor(em, opts.as), name, toInput(opts, command, false));
      const links = await linkedAccounts(em, p.id);
      print(opts.json ? JSON.stringify(json(p, links, registeredRedirectUri(rt))) : `Updated ${line(p, links)}`);
    });
  });
  cmd
    .command('remove')
    .description('Remove an identity provider and its links (the accounts stay).')
    .argument('<name>')
    .option('--as <username>', 'act as this account')
    .action(async (name: string, opts: { as?: string }) => {
      await runAdmin(async (_rt, em) => {
        const p = await service.remove(em, await resolveActor(em, opts.as), name);
        print(`Removed ${p.name} (${p.agency.code}).`);
      });
    });
}
