import { execFile, execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../../src/db/embedded.js';

/*
 * A PostgreSQL primary and a streaming replica made with the machine's own server
 * binaries (initdb, pg_ctl, pg_basebackup -R), for the read replica tests. The embedded
 * PostgreSQL package has no pg_basebackup, so these come from the distribution's
 * packages. Both servers listen on 127.0.0.1 only, on free ports, with trust
 * authentication for the `hub` superuser: throwaway clusters that live for one test file.
 */

const run = promisify(execFile);
const INSTALL = 'apt-get install -y postgresql';

export interface PgBinaries {
  dir: string;
  version: number;
}

function installedPgBinaries(root: string): PgBinaries[] {
  return existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .map((v) => ({ dir: path.join(root, v, 'bin'), version: Number(v) }))
        .filter((b) => ['initdb', 'pg_ctl', 'pg_basebackup'].every((x) => existsSync(path.join(b.dir, x))))
        .sort((a, b) => b.version - a.version)
    : [];
}

/**
 * The newest /usr/lib/postgresql/<version>/bin with initdb, pg_ctl and pg_basebackup. On a
 * fresh machine (these run as root) they are installed from Debian's packages, as the
 * browser tests install Chromium; where that cannot be done, it throws the one command to run.
 */
export function findPgBinaries(root = '/usr/lib/postgresql'): PgBinaries {
  let found = installedPgBinaries(root);
  if (!found.length && root === '/usr/lib/postgresql' && process.getuid?.() === 0) {
    try {
      execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${INSTALL} -qq`, {
        stdio: 'ignore',
        timeout: 600_000,
      });
    } catch {
      // Fall through to the message below.
    }
    found = installedPgBinaries(root);
  }
  if (!found.length)
    throw new Error(
      `The read replica test needs PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup in ${root}/<version>/bin). Install them with: ${INSTALL}`,
    );
  return found[0];
}

/** PostgreSQL refuses to run as root: as root, its binaries run as the `postgres` user. */
async function serverUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = await readFile('/etc/passwd', 'utf8');
  const line = passwd.split('\n').find((l) => l.startsWith('postgres:'));
  if (!line)
    throw new Error(
      `Running as root, and there is no postgres user to run the test's PostgreSQL servers as. Install the server package, which creates it: ${INSTALL}`,
    );
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

export interface PgNode {
  port: number;
  dataDir: string;
  /** A URL of a database on this server. */
  url(database: string): string;
  /** One statement (or several, as one simple query) on a database of this server. */
  sql<T extends pg.QueryResultRow>(database: string, text: string, params?: unknown[]): Promise<T[]>;
}

export interface ReplicatedPostgres {
  primary: PgNode;
  replica: PgNode;
  bin: PgBinaries;
  /** Stops the replica alone (fast shutdown: its sessions are ended), as an outage would. */
  stopReplica(): Promise<void>;
  /** Stops both servers and removes their data, whatever state they are in. */
  stop(): Promise<void>;
}

function node(port: number, dataDir: string): PgNode {
  const url = (database: string) => `postgres://hub@127.0.0.1:${port}/${database}`;
  return {
    port,
    dataDir,
    url,
    async sql<T extends pg.QueryResultRow>(database: string, text: string, params: unknown[] = []) {
      const client = new pg.Client({ connectionString: url(database) });
      await client.connect();
      try {
        return (await client.query<T>(text, params)).rows;
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Starts a primary (`wal_level=replica`) and a hot-standby replica cloned from it with
 * `pg_basebackup -R`, each on a free port. `stop()` must be called (afterAll), also
 * after a failure: on a failure here, whatever was started is stopped before throwing.
 */
export async function startReplicatedPostgres(): Promise<ReplicatedPostgres> {
  const bin = findPgBinaries();
  const ids = await serverUser();
  const root = await mkdtemp(path.join(tmpdir(), 'hub-replica-'));
  if (ids) await chown(root, ids.uid, ids.gid);
  const exec = (tool: string, args: string[]) =>
    run(path.join(bin.dir, tool), args, {
      uid: ids?.uid,
      gid: ids?.gid,
      cwd: root,
      env: { ...process.env, HOME: root, PGPASSFILE: path.join(root, 'no-pgpass') },
      timeout: 120_000,
    }).catch((err: Error & { stderr?: string }) => {
      throw new Error(`${tool} failed: ${err.stderr?.trim() || err.message}`);
    });
  const started: string[] = [];
  const stop = async () => {
    for (const dir of started.reverse())
      await exec('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    started.length = 0;
    await rm(root, { recursive: true, force: true });
  };
  const server = (dir: string, port: number, extra: string[]) =>
    exec('pg_ctl', [
      '-D',
      dir,
      '-l',
      `${dir}.log`,
      '-w',
      '-t',
      '60',
      '-o',
      [`-p ${port}`, '-c listen_addresses=127.0.0.1', "-c unix_socket_directories=''", ...extra].join(' '),
      'start',
    ]).then(() => started.push(dir));
  try {
    const primaryDir = path.join(root, 'primary');
    const replicaDir = path.join(root, 'replica');
    const [primaryPort, replicaPort] = [await freePort(), await freePort()];
    await exec('initdb', ['-D', primaryDir, '-U', 'hub', '--auth=trust', '-E', 'UTF8', '--locale=C']);
    await server(primaryDir, primaryPort, ['-c wal_level=replica', '-c max_wal_senders=4', '-c fsync=off']);
    // -R: the clone starts as a standby streaming from the primary (standby.signal, primary_conninfo).
    await exec('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'hub', '-D', replicaDir, '-R']);
    await server(replicaDir, replicaPort, ['-c hot_standby=on', '-c fsync=off']);
    const stopReplica = async () => {
      await exec('pg_ctl', ['-D', replicaDir, '-m', 'fast', '-w', 'stop']);
      started.splice(started.indexOf(replicaDir), 1);
    };
    return { primary: node(primaryPort, primaryDir), replica: node(replicaPort, replicaDir), bin, stopReplica, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
