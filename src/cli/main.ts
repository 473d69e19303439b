import { Command, CommanderError } from 'commander';
import { registerAccounts, registerAgencies, registerKeys } from './commands/admin.command.js';
import { registerAgreements } from './commands/agreements.command.js';
import { registerAudit } from './commands/audit.command.js';
import { registerDatasets } from './commands/datasets.command.js';
import { registerDemo } from './commands/demo.command.js';
import { registerImport } from './commands/import.command.js';
import { registerMigrate } from './commands/migrate.command.js';
import { registerReport } from './commands/report.command.js';
import { registerSchema } from './commands/schema.command.js';
import { registerSubmissions } from './commands/submissions.command.js';
import { registerToken } from './commands/token.command.js';
import { CliError } from './runtime.js';

/** The `hub` command: `npx hub --help`. */
export function buildProgram(): Command {
  const program = new Command('hub')
    .description('Community Safety Data Hub: administration and data commands. Uses DATABASE_URL, or the embedded PostgreSQL in .hub/.')
    .showHelpAfterError()
    .exitOverride();
  registerMigrate(program);
  registerDemo(program);
  registerToken(program);
  registerSchema(program);
  registerDatasets(program);
  registerImport(program);
  registerSubmissions(program);
  registerReport(program);
  registerAudit(program);
  registerAgencies(program);
  registerAccounts(program);
  registerKeys(program);
  registerAgreements(program);
  return program;
}

export async function run(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof CliError) {
      process.stderr.write(`${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`hub: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
