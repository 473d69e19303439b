import type { Command } from 'commander';
import { AgencyKind, Role } from '../../domain/vocabulary.js';
import { Agency } from '../../entities/agency.entity.js';
import { ApiKeyScope, type ApiKey } from '../../entities/api-key.entity.js';
import type { User } from '../../entities/user.entity.js';
import { AdminService } from '../../admin/admin.service.js';
import { resolveActor } from '../acting-account.js';
import { parseList, parseOne } from '../option-parsers.js';
import { runAdmin } from '../run-admin.js';
import { CliError, print } from '../runtime.js';

/*
 * `hub agencies|accounts|keys ...`: administration from the command line. Whoever runs
 * these holds the hub's database and secrets, so by default they act as the partnership
 * administrator, recorded in the audit trail as `cli:<os user>`. `--as <username>` acts
 * as that account instead, with its roles and agency checked as on the API.
 */

const admin = new AdminService();

/** Reads a password from standard input (never from the command line, where shell history keeps it). */
async function readStdinPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (!password) throw new CliError('--password-stdin: nothing on standard input.', 2);
  return password;
}

const agencyLine = (a: Agency) =>
  `${a.code.padEnd(10)} ${a.kind.padEnd(10)} ${a.active ? 'active  ' : 'INACTIVE'} ${a.name}`;
const agencyJson = (a: Agency) => ({ id: a.id, code: a.code, name: a.name, kind: a.kind, active: a.active });
const accountLine = (u: User) =>
  `${u.username.padEnd(28)} ${u.agency.code.padEnd(8)} ${u.active ? 'active  ' : 'INACTIVE'} ${u.roles.join(',').padEnd(24)} ${u.displayName}`;
const accountJson = (u: User) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  agency: u.agency.code,
  roles: u.roles,
  active: u.active,
});
const keyLine = (k: ApiKey) =>
  `${k.prefix.padEnd(20)} ${k.agency.code.padEnd(8)} ${(k.revokedAt ? 'REVOKED' : 'active').padEnd(8)} ${k.scopes.join(',').padEnd(12)} ${k.name}`;
const keyJson = (k: ApiKey) => ({
  id: k.id,
  prefix: k.prefix,
  name: k.name,
  agency: k.agency.code,
  scopes: k.scopes,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt?.toISOString() ?? null,
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
});

const AS = [
  '--as <username>',
  'act as this account (its roles and agency are checked); default: the partnership administrator at the console',
] as const;
const JSON_OPT = ['--json', 'print JSON'] as const;

export function registerAgencies(program: Command): void {
  const agencies = program
    .command('agencies')
    .description("List and manage the partnership's agencies (administrators).");
  agencies
    .command('list')
    .description('List agencies.')
    .option(...JSON_OPT)
    .action(async (opts: { json?: boolean }) => {
      await runAdmin(async (_rt, em) => {
        const rows = await em.find(Agency, {}, { orderBy: { code: 'asc' } });
        if (opts.json) print(JSON.stringify(rows.map(agencyJson)));
        else for (const a of rows) print(agencyLine(a));
      });
    });
  agencies
    .command('create')
    .description('Add an agency.')
    .argument('<code>', 'short stable code, e.g. BPOL')
    .requiredOption('--name <name>', 'full name')
    .requiredOption(
      '--kind <kind>',
      `one of ${Object.values(AgencyKind).join(', ')}`,
      parseOne('--kind', Object.values(AgencyKind)),
    )
    .option(...AS)
    .option(...JSON_OPT)
    .action(async (code: string, opts: { name: string; kind: AgencyKind; as?: string; json?: boolean }) => {
      await runAdmin(async (_rt, em) => {
        const a = await admin.createAgency(em, await resolveActor(em, opts.as), {
          code,
          name: opts.name,
          kind: opts.kind,
        });
        print(opts.json ? JSON.stringify(agencyJson(a)) : `Created ${agencyLine(a)}`);
      });
    });
  agencies
    .command('update')
    .description('Rename or re-kind an agency.')
    .argument('<code>')
    .option('--name <name>')
    .option(
      '--kind <kind>',
      `one of ${Object.values(AgencyKind).join(', ')}`,
      parseOne('--kind', Object.values(AgencyKind)),
    )
    .option(...AS)
    .option(...JSON_OPT)
    .action(async (code: string, opts: { name?: string; kind?: AgencyKind; as?: string; json?: boolean }) => {
      await runAdmin(async (_rt, em) => {
        const a = await admin.updateAgency(em, await resolveActor(em, opts.as), code, {
          name: opts.name,
          kind: opts.kind,
        });
        print(opts.json ? JSON.stringify(agencyJson(a)) : `Updated ${agencyLine(a)}`);
      });
    });
  for (const [name, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    agencies
      .command(name)
      .description(
        active
          ? "Let a deactivated agency's accounts and keys back in."
          : "Refuse the agency's accounts and keys from their next request (its data and agreements stay).",
      )
      .argument('<code>')
      .option(...AS)
      .option(...JSON_OPT)
      .action(async (code: string, opts: { as?: string; json?: boolean }) => {
        await runAdmin(async (_rt, em) => {
          const a = await admin.setAgencyActive(em, await resolveActor(em, opts.as), code, active);
          print(opts.json ? JSON.stringify(agencyJson(a)) : agencyLine(a));
        });
      });
  }
}

export function registerAccounts(program: Command): void {
  const accounts = program.command('accounts').description("List and manage people's accounts.");
  listAccountsCommand(accounts);
  createAccountCommand(accounts);
  rolesCommand(accounts);
  accountActivationCommands(accounts);
  resetPasswordCommand(accounts);
  revokeTokensCommand(accounts);
}

function listAccountsCommand(accounts: Command): void {
  accounts
    .command('list')
    .description('List accounts.')
    .option('--agency <code>', "only this agency's")
    .option(...AS)
    .option(...JSON_OPT)
    .action(async (opts: { agency?: string; as?: string; json?: boolean }) => {
      await runAdmin(async (_rt, em) => {
        const rows = await admin.listAccounts(em, await resolveActor(em, opts.as), opts.agency);
        if (opts.json) print(JSON.stringify(rows.map(accountJson)));
        else for (const u of rows) print(accountLine(u));
      });
    });
}

function createAccountCommand(accounts: Command): void {
  accounts
    .command('create')
    .description('Create an account. Without --password-stdin a password is generated and printed once.')
    .argument('<username>', 'login name, e.g. analyst@bpol')
    .requiredOption('--agency <code>', "the account's agency")
    .requiredOption('--name <display name>', "the holder's name as shown in the hub")
    .requiredOption(
      '--roles <roles>',
      `comma-separated: ${Object.values(Role).join(', ')}`,
      parseList('--roles', Object.values(Role)),
    )
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .option(...AS)
    .option(...JSON_OPT)
    .action(
      async (
        username: string,
        opts: { agency: string; name: string; roles: Role[]; passwordStdin?: boolean; as?: string; json?: boolean },
      ) => {
        const password = opts.passwordStdin ? await readStdinPassword() : null;
        await runAdmin(async (_rt, em) => {
          const { account, generatedPassword } = await admin.createAccount(em, await resolveActor(em, opts.as), {
            agency: opts.agency,
            username,
            displayName: opts.name,
            roles: opts.roles,
            password,
          });
          if (opts.json) print(JSON.stringify({ account: accountJson(account), generatedPassword }));
          else {
            print(`Created ${accountLine(account)}`);
            if (generatedPassword)
              print(`Password (shown once; give it to the holder by a separate channel): ${generatedPassword}`);
          }
        });
      },
    );
}

function rolesCommand(accounts: Command): void {
  accounts
    .command('roles')
    .description("Replace an account's roles.")
    .argument('<username>')
    .argument(
      '<roles>',
      `comma-separated: ${Object.values(Role).join(', ')}`,
      parseList('<roles>', Object.values(Role)),
    )
    .option(...AS)
    .option(...JSON_OPT)
    .action(async (username: string, roles: Role[], opts: { as?: string; json?: boolean }) => {
      await runAdmin(async (_rt, em) => {
        const u = await admin.setRoles(em, await resolveActor(em, opts.as), username, roles);
        print(opts.json ? JSON.stringify(accountJson(u)) : accountLine(u));
      });
    });
}

function accountActivationCommands(accounts: Command): void {
  for (const [name, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    accounts
      .command(name)
      .description(
        active ? 'Let a deactivated account back in.' : 'Refuse the account at login and at its next request.',
      )
      .argument('<username>')
      .option(...AS)
      .option(...JSON_OPT)
      .action(async (username: string, opts: { as?: string; json?: boolean }) => {
        await runAdmin(async (_rt, em) => {
          const u = await admin.setAccountActive(em, await resolveActor(em, opts.as), username, active);
          print(opts.json ? JSON.stringify(accountJson(u)) : accountLine(u));
        });
      });
  }
}

function resetPasswordCommand(accounts: Command): void {
  accounts
    .command('reset-password')
    .description(
      'Set a new password (generated and printed once unless --password-stdin) and end every session of the account.',
    )
    .argument('<username>')
    .option('--password-stdin', 'read the new password from standard input')
    .option(...AS)
    .option(...JSON_OPT)
    .action(async (username: string, opts: { passwordStdin?: boolean; as?: string; json?: boolean }) => {
      const password = opts.passwordStdin ? await readStdinPassword() : null;
      await runAdmin(async (_rt, em) => {
        const { account, generatedPassword } = await admin.resetPassword(
          em,
          await resolveActor(em, opts.as),
          username,
          password,
        );
        if (opts.json) print(JSON.stringify({ account: accountJson(account), generatedPassword }));
        else {
          print(`Password reset for ${account.username}; its sessions are ended.`);
          if (generatedPassword) print(`Password (shown once): ${generatedPassword}`);
        }
      });
    });
}

function revokeTokensCommand(accounts: Command): void {
  accounts
    .command('revoke-tokens')
    .description('End every session of the account: tokens issued until now are refused.')
    .argument('<username>')
    .option(...AS)
    .action(async (username: string, opts: { as?: string }) => {
      await runAdmin(async (_rt, em) => {
        const u = await admin.revokeTokens(em, await resolveActor(em, opts.as), username);
        print(`Sessions of ${u.username} ended.`);
      });
    });
}

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('Issue, list and revoke API keys for partner systems.');
  keys
    .command('list')
    .description('List API keys (never the keys themselves).')
    .option('--agency <code>', "only this agency's")
    .option(...AS)
    .option(...JSON_OPT)
    .action(async (opts: { agency?: string; as?: string; json?: boolean }) => {
      await runAdmin(async (_rt, em) => {
        const rows = await admin.listApiKeys(em, await resolveActor(em, opts.as), opts.agency);
        if (opts.json) print(JSON.stringify(rows.map(keyJson)));
        else for (const k of rows) print(keyLine(k));
      });
    });
  keys
    .command('create')
    .description('Issue a key. It is printed once and never again: store it in the partner system now.')
    .requiredOption('--agency <code>', 'the agency whose system uses it')
    .requiredOption('--name <name>', 'what uses it, e.g. "RMS nightly export"')
    .requiredOption(
      '--scopes <scopes>',
      `comma-separated: ${Object.values(ApiKeyScope).join(', ')}`,
      parseList('--scopes', Object.values(ApiKeyScope)),
    )
    .option(...AS)
    .option(...JSON_OPT)
    .action(async (opts: { agency: string; name: string; scopes: ApiKeyScope[]; as?: string; json?: boolean }) => {
      await runAdmin(async (_rt, em) => {
        const { apiKey, key } = await admin.createApiKey(em, await resolveActor(em, opts.as), {
          agency: opts.agency,
          name: opts.name,
          scopes: opts.scopes,
        });
        if (opts.json) print(JSON.stringify({ key, apiKey: keyJson(apiKey) }));
        else {
          print(`Issued ${keyLine(apiKey)}`);
          print(`Key (shown once): ${key}`);
        }
      });
    });
  keys
    .command('revoke')
    .description('Revoke a key by its prefix; it is refused from its next request.')
    .argument('<prefix>', 'e.g. hubk_3f9a1c2b4d5e')
    .option(...AS)
    .action(async (prefix: string, opts: { as?: string }) => {
      await runAdmin(async (_rt, em) => {
        const k = await admin.revokeApiKey(em, await resolveActor(em, opts.as), prefix);
        print(`Revoked ${keyLine(k)}`);
      });
    });
}
