import type { Runtime } from '../runtime.js';

export class CliError extends Error {
  constructor(
    message: string,
    public readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Runs a command against the hub's database (embedded unless DATABASE_URL is set). */
export async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>, opts: { migrate?: boolean } = {}): Promise<T> {
  // Loaded here, not at the top: `hub --help` and every command's help load this module,
  // and the runtime brings the ORM, the services and the database driver with it.
  const [{ ConfigError, loadConfig }, { createLogger }, { openRuntime }] = await Promise.all([
    import('../config.js'),
    import('../logger.js'),
    import('../runtime.js'),
  ]);
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, 2);
    throw err;
  }
  // CLI output is for people and scripts: keep the logs to warnings unless asked.
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', undefined);
  const rt = await openRuntime(config, logger, { migrate: opts.migrate ?? true });
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

/** Reads and parses a JSON file named on the command line; a missing or malformed file is a usage error. */
export async function readJsonFile<T>(file: string): Promise<T> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(`Cannot read ${file}: ${(err as Error).message}`, 2);
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new CliError(`${file} is not valid JSON: ${(err as Error).message}`, 2);
  }
}

export function print(line = ''): void {
  process.stdout.write(line + '\n');
}

export function parsePositiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0)
      throw new CliError(`${name} must be a positive whole number, got "${value}".`, 2);
    return n;
  };
}
