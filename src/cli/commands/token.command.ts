import type { Command } from 'commander';
import { recordAdminEvent } from '../../audit/audit.record.js';
import { ConfigError, loadConfig } from '../../config.js';
import { User } from '../../entities/user.entity.js';
import { consoleActor } from '../../auth/actor.js';
import { CliError, print, withRuntime } from '../runtime.js';

/** NODE_ENV=production, read as the hub reads it (an invalid configuration is reported by withRuntime). */
function isProduction(): boolean {
  try {
    return loadConfig().env === 'production';
  } catch (err) {
    if (err instanceof ConfigError) return false;
    throw err;
  }
}

/** host:port/database of an external PostgreSQL (never its credentials), or "embedded". */
function databaseLabel(url: string | undefined): string {
  if (!url) return 'embedded';
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'external';
  }
}

export function registerToken(program: Command): void {
  program
    .command('token')
    .description(
      "Print a bearer token for an account, for local use (e.g. a demo account). Needs access to the hub's secrets and database. " +
        'Recorded in the audit trail (session.issue_cli); refused in production unless --allow-production is given.',
    )
    .argument('<username>', 'e.g. analyst@bpol')
    .option('--json', 'print {token, expiresAt, username, roles} as JSON')
    .option(
      '--allow-production',
      'issue a token even when NODE_ENV=production (every later request is attributed to the account holder)',
    )
    .action(async (username: string, opts: { json?: boolean; allowProduction?: boolean }) => {
      // Refused before the database is opened: nothing is touched.
      if (isProduction() && !opts.allowProduction) {
        throw new CliError(
          'Refusing to print a token in production: whoever holds it acts as the account holder, and every request it makes is attributed to them. ' +
            'Sign in with `login` instead, or pass --allow-production if you must (it is recorded in the audit trail).',
          2,
        );
      }
      await withRuntime(async (rt) => {
        const production = rt.config.env === 'production';
        if (production && !opts.allowProduction)
          throw new CliError('Refusing to print a token in production without --allow-production.', 2);
        const em = rt.orm.em.fork();
        const user = await em.findOne(User, { username: username.toLowerCase() }, { populate: ['agency'] });
        if (!user || !user.active)
          throw new CliError(
            `No active account "${username}": check the spelling; \`npx hub accounts list\` lists the accounts.`,
          );
        if (!user.agency.active)
          throw new CliError(
            `The agency ${user.agency.code} of "${user.username}" is inactive: its accounts cannot be given a token.`,
          );
        if (production)
          rt.logger.warn(
            { username: user.username },
            'issuing a token from the command line in production (--allow-production)',
          );
        const { token, expiresAt } = await rt.services.tokens.issue({
          id: user.id,
          agencyId: user.agency.id,
          roles: user.roles,
        });
        // The event is committed before the token is shown: if it cannot be written, this
        // throws, the token is discarded unseen and the command exits non-zero.
        await recordAdminEvent(em, {
          actor: consoleActor(),
          action: 'session.issue_cli',
          entityType: 'Account',
          entityId: user.id,
          before: null,
          after: {
            username: user.username,
            agencyId: user.agency.id,
            agencyCode: user.agency.code,
            roles: [...user.roles],
            expiresAt: expiresAt.toISOString(),
            environment: rt.config.env,
            // Which database the token is good for (NODE_ENV is only the console's own say-so).
            database: databaseLabel(rt.config.databaseUrl),
            allowProduction: Boolean(opts.allowProduction),
          },
        });
        if (opts.json) print(JSON.stringify({ token, expiresAt, username: user.username, roles: user.roles }));
        else print(token);
      });
    });
}
