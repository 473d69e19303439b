import { Command, CommanderError, Help } from 'commander';
import { CliError } from './runtime.js';

type Register = (program: Command) => void;

interface CommandEntry {
  name: string;
  /** The command's description, as its module gives it (a test keeps the two equal). */
  description: string;
  /** What `hub --help` shows after the name (options, arguments), as commander would for the full definition. */
  terms?: string;
  /** Names the register function: commands defined by one function (migrate and migration:create) share it. */
  group: string;
  load: () => Promise<Register>;
}

const migrate = async () => (await import('./commands/migrate.command.js')).registerMigrate;
const submissions = async () => (await import('./commands/submissions.command.js')).registerSubmissions;

/**
 * Every command, by name and description, with the module that defines it. Only the
 * module of the command being run is imported: importing all of them (MikroORM, the
 * GraphQL schema, analytics, the demo data) took a CLI process from about 105 MB to 141 MB
 * of memory before it did anything, room a million-row `hub import` needs.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'migrate',
    terms: '[options]',
    group: 'migrate',
    load: migrate,
    description: 'Apply pending database migrations (the hub also does this at start).',
  },
  {
    name: 'migration:create',
    terms: '<name>',
    group: 'migrate',
    load: migrate,
    description:
      'Write a new, empty migration file in src/db/migrations/ (then list it in src/db/migrations/index.ts).',
  },
  {
    name: 'demo',
    terms: '[options]',
    group: 'demo',
    load: async () => (await import('./commands/demo.command.js')).registerDemo,
    description: '(Re)load the synthetic demo partnership: agencies, accounts, geography, agreements and records.',
  },
  {
    name: 'token',
    terms: '[options] <username>',
    group: 'token',
    load: async () => (await import('./commands/token.command.js')).registerToken,
    description:
      "Print a bearer token for an account, for local use (e.g. a demo account). Needs access to the hub's secrets and database. Recorded in the audit trail (session.issue_cli); refused in production unless --allow-production is given.",
  },
  {
    name: 'schema',
    terms: '[options]',
    group: 'schema',
    load: async () => (await import('./commands/schema.command.js')).registerSchema,
    description: 'Write the GraphQL schema (SDL) to schema.graphql, or check that the committed file is current.',
  },
  {
    name: 'datasets',
    terms: '[options]',
    group: 'datasets',
    load: async () => (await import('./commands/datasets.command.js')).registerDatasets,
    description:
      "List the datasets and the templates partners' files must follow (columns, accepted values, what the hub keeps); register a dataset for an agency (create) or rename it (update).",
  },
  {
    name: 'import',
    terms: '[options] <file>',
    group: 'import',
    load: async () => (await import('./commands/import.command.js')).registerImport,
    description:
      "Import a CSV file or an .xlsx workbook into a dataset through the hub's checks (template, identifier guard, generalisation, hashing). The file is streamed, never loaded whole; the batch lands whole or not at all.",
  },
  {
    name: 'submissions',
    terms: '[options]',
    group: 'submissions',
    load: submissions,
    description:
      's17A submission tracking: per agency and dataset, which periods arrived, which are due and which are overdue (data for a period is due by the end of the next one).',
  },
  {
    name: 'batches',
    terms: '[options]',
    group: 'submissions',
    load: submissions,
    description: "Recent import batches (counts and outcome, never data), or one batch's rejected rows.",
  },
  {
    name: 'quality',
    terms: '[options]',
    group: 'quality',
    load: async () => (await import('./commands/quality.command.js')).registerQuality,
    description:
      'Data-quality scorecard per dataset, month by month of arrival: completeness of each optional column, rows refused (by rule), what free text held (by kind), late arrivals against the s17A deadline. Counts only, never a value.',
  },
  {
    name: 'report',
    group: 'report',
    load: async () => (await import('./commands/report.command.js')).registerReport,
    description: 'Reports built from the shared data, as the named account may see it.',
  },
  {
    name: 'audit',
    group: 'audit',
    load: async () => (await import('./commands/audit.command.js')).registerAudit,
    description: 'The audit trail: verify its hash chain, export it, prune it under a signed checkpoint.',
  },
  {
    name: 'agencies',
    group: 'agencies',
    load: async () => (await import('./commands/admin.command.js')).registerAgencies,
    description: "List and manage the partnership's agencies (administrators).",
  },
  {
    name: 'accounts',
    group: 'accounts',
    load: async () => (await import('./commands/admin.command.js')).registerAccounts,
    description: "List and manage people's accounts.",
  },
  {
    name: 'keys',
    group: 'keys',
    load: async () => (await import('./commands/admin.command.js')).registerKeys,
    description: 'Issue, list and revoke API keys for partner systems.',
  },
  {
    name: 'identity-providers',
    group: 'identity-providers',
    load: async () => (await import('./commands/identity-providers.command.js')).registerIdentityProviders,
    description:
      "Agencies' own OpenID Connect identity providers (Microsoft Entra ID, Google, Okta, ADFS): register, list, change, remove. See docs/identity.md.",
  },
  {
    name: 'onboard',
    terms: '[options] <file>',
    group: 'onboard',
    load: async () => (await import('./commands/onboard.command.js')).registerOnboard,
    description:
      'Onboard a partner from one JSON file: its agency, datasets, accounts and API keys, in one transaction, each step audited as the single commands are. Generated passwords and keys are printed once.',
  },
  {
    name: 'agreements',
    group: 'agreements',
    load: async () => (await import('./commands/agreements.command.js')).registerAgreements,
    description: 'Information sharing agreements: list, show, draft, and take them through their lifecycle.',
  },
  {
    name: 'serious-violence',
    group: 'serious-violence',
    load: async () => (await import('./commands/serious-violence.command.js')).registerSeriousViolence,
    description:
      "The partnership's serious violence definition (Serious Violence Duty): which categories of which kinds of data count. See docs/analytics.md.",
  },
  {
    name: 'geography',
    group: 'geography',
    load: async () => (await import('./commands/geography.command.js')).registerGeography,
    description:
      "Load the Office for National Statistics' geography files (LSOA best-fit lookup, LSOA 2011 to 2021 lookup, mid-year population estimates, boundaries) for the partnership's areas. See docs/geography.md.",
  },
];

/**
 * The `hub` command: `npx hub --help`. The commands named in `load` are defined in full
 * (their modules imported); the others only by name and description, which is all that
 * `hub --help` and an unknown command's suggestion need. `buildProgram()` defines them all.
 */
export async function buildProgram(load: readonly string[] | 'all' = 'all'): Promise<Command> {
  const program = new Command('hub')
    .description(
      'Community Safety Data Hub: administration and data commands. Uses DATABASE_URL, or the embedded PostgreSQL in .hub/.',
    )
    .showHelpAfterError()
    // Each command parses its own options: `hub datasets --kind K` lists a template, while
    // `hub datasets create KEY --kind K` gives the subcommand's --kind (commander needs the
    // parent chain positional for that).
    .enablePositionalOptions()
    .exitOverride();
  const placeholders = new Map<Command, string>();
  program.configureHelp({
    subcommandTerm(cmd: Command): string {
      const terms = placeholders.get(cmd);
      return terms === undefined
        ? Help.prototype.subcommandTerm.call(this, cmd)
        : `${cmd.name()}${terms ? ` ${terms}` : ''}`;
    },
  });
  const groups = new Set(COMMANDS.filter((c) => load === 'all' || load.includes(c.name)).map((c) => c.group));
  const done = new Set<string>();
  for (const c of COMMANDS) {
    if (groups.has(c.group)) {
      if (!done.has(c.group)) (await c.load())(program);
      done.add(c.group);
    } else {
      placeholders.set(program.command(c.name).description(c.description), c.terms ?? '');
    }
  }
  return program;
}

/** The command a command line runs (`hub help X` shows X's help): only its module is loaded. */
export function commandOf(argv: readonly string[]): string[] {
  const words = argv.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' && words[1] ? [words[1]] : words.slice(0, 1);
}

export async function run(argv: string[]): Promise<number> {
  try {
    await (await buildProgram(commandOf(argv))).parseAsync(argv, { from: 'user' });
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
