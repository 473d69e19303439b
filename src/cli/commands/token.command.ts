import type { Command } from 'commander';
import { User } from '../../entities/user.entity.js';
import { CliError, print, withRuntime } from '../runtime.js';

export function registerToken(program: Command): void {
  program
    .command('token')
    .description('Print a bearer token for an account, for local use (e.g. a demo account). Needs access to the hub\'s secrets and database.')
    .argument('<username>', 'e.g. analyst@bpol')
    .option('--json', 'print {token, expiresAt, username, roles} as JSON')
    .action(async (username: string, opts: { json?: boolean }) => {
      await withRuntime(async (rt) => {
        if (rt.config.env === 'production') {
          rt.logger.warn({ username }, 'issuing a token from the command line in production');
        }
        const em = rt.orm.em.fork();
        const user = await em.findOne(User, { username: username.toLowerCase() }, { populate: ['agency'] });
        if (!user || !user.active) throw new CliError(`No active account "${username}". Try \`npx hub demo\` to load the demo accounts.`);
        const { token, expiresAt } = await rt.services.tokens.issue({ id: user.id, agencyId: user.agency.id, roles: user.roles });
        if (opts.json) print(JSON.stringify({ token, expiresAt, username: user.username, roles: user.roles }));
        else print(token);
      });
    });
}
