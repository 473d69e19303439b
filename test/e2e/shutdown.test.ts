import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubProcess as startHub, type HubProcess } from '../support/hub-process.js';

/*
 * The hub as a child process, signalled as an orchestrator would: SIGTERM with keep-alive
 * clients and a request in flight, and SIGKILL, after which the next start must not
 * silently attach to the PostgreSQL the killed hub left behind.
 */

const root = path.resolve(import.meta.dirname, '../..');

type Started = HubProcess;

/** The hub at log level info: the tests read its shutdown messages. */
const startHubProcess = (env: Record<string, string>) => startHub({ LOG_LEVEL: 'info', ...env });

/** An HTTP/1.1 connection written by hand: requests go out exactly when the test says. */
class RawConnection {
  readonly socket: net.Socket;
  private buffer = '';
  private waiters: (() => void)[] = [];
  closed = false;
  readonly closedAt: Promise<void>;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      this.buffer += d;
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('error', () => undefined);
    this.closedAt = new Promise((r) =>
      socket.once('close', () => {
        this.closed = true;
        for (const w of this.waiters.splice(0)) w();
        r();
      }),
    );
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  write(text: string) {
    this.socket.write(text);
  }

  /** The next complete response (Content-Length or chunked body), or undefined if the connection closed first. */
  async response(): Promise<{ status: number; headers: Record<string, string>; body: string } | undefined> {
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end >= 0) {
        const [statusLine, ...lines] = this.buffer.slice(0, end).split('\r\n');
        const headers = Object.fromEntries(
          lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
        );
        const status = Number(statusLine.split(' ')[1]);
        if (headers['transfer-encoding'] === 'chunked') {
          let at = end + 4;
          let body = '';
          for (;;) {
            const eol = this.buffer.indexOf('\r\n', at);
            if (eol < 0) break;
            const size = parseInt(this.buffer.slice(at, eol), 16);
            if (this.buffer.length < eol + 2 + size + 2) break;
            body += this.buffer.slice(eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
            if (size === 0) {
              this.buffer = this.buffer.slice(at);
              return { status, headers, body };
            }
          }
        } else {
          const length = Number(headers['content-length'] ?? 0);
          if (this.buffer.length >= end + 4 + length) {
            const body = this.buffer.slice(end + 4, end + 4 + length);
            this.buffer = this.buffer.slice(end + 4 + length);
            return { status, headers, body };
          }
        }
      }
      if (this.closed) return undefined;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }
}

const GET_HEALTH = 'GET /healthz HTTP/1.1\r\nHost: hub\r\nConnection: keep-alive\r\n\r\n';
const TYPENAME = JSON.stringify({ query: '{ __typename }' });
const slowPostHead = (length: number) =>
  `POST /graphql HTTP/1.1\r\nHost: hub\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

/** What a new connection gets: 'connected', or the error code (ECONNREFUSED once the listener is closed). */
function connectOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/** A running process (not a zombie waiting to be reaped). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const postmasterPid = (dataDir: string) => {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined;
};

async function waitFor(what: string, check: () => boolean, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('signals: graceful shutdown and no orphaned PostgreSQL', () => {
  let dataDir: string;
  const started: Started[] = [];

  beforeAll(async () => {
    // Compile as `npm start` would; a type error elsewhere in the tree still emits JavaScript.
    try {
      execFileSync(
        process.execPath,
        [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')],
        { stdio: 'ignore' },
      );
    } catch {
      if (!existsSync(path.join(root, 'dist/main.js'))) throw new Error('the hub did not compile');
    }
    dataDir = await mkdtemp(path.join(tmpdir(), 'hub-signals-'));
  }, 240_000);

  /** A hub a failed test left running is stopped before the next test starts on the same folder. */
  async function stopLeftovers() {
    for (const s of started) {
      if (s.child.exitCode === null && s.child.signalCode === null) {
        s.child.kill('SIGTERM');
        await s.exited;
      }
    }
  }

  afterAll(async () => {
    for (const s of started) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    const pid = dataDir ? postmasterPid(dataDir) : undefined;
    if (pid && alive(pid)) process.kill(pid, 'SIGINT');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('on SIGTERM stops accepting, closes keep-alive connections, finishes what is in flight and exits 0', async () => {
    const hub = await startHubProcess({ HUB_DATA_DIR: dataDir, HUB_SHUTDOWN_GRACE_SECONDS: '30' });
    started.push(hub);

    // An idle keep-alive connection, a busy one (a client sending back to back), and a
    // request whose body is still arriving when the signal comes.
    const idle = await RawConnection.open(hub.port);
    idle.write(GET_HEALTH);
    expect((await idle.response())?.status).toBe(200);

    const busy = await RawConnection.open(hub.port);
    let busyAnswers = 0;
    let busyClosedBy: string | undefined;
    let signalled = false;
    let answersAfterSignal = 0;
    const busyLoop = (async () => {
      // Bounded: a hub that never closes the connection fails the test rather than hanging it.
      for (let i = 0; i < 100_000; i++) {
        busy.write(GET_HEALTH);
        const r = await busy.response();
        if (!r) return;
        expect(r.status).toBe(200);
        busyAnswers++;
        if (signalled) answersAfterSignal++;
        if (r.headers.connection === 'close') {
          busyClosedBy = 'connection: close';
          return;
        }
      }
    })();
    await waitFor('the busy client to get going', () => busyAnswers >= 20);

    const slow = await RawConnection.open(hub.port);
    slow.write(slowPostHead(TYPENAME.length) + TYPENAME.slice(0, 5));
    await new Promise((r) => setTimeout(r, 200));

    signalled = true;
    hub.child.kill('SIGTERM');

    // The idle connection is closed at once, and nobody new gets in.
    await idle.closedAt;
    await waitFor('the listener to close', () => /shutting down/.test(hub.output()));
    // (ECONNREFUSED; on a loaded machine the refusal can come back as another error.)
    expect(await connectOutcome(hub.port), hub.output()).not.toBe('connected');

    // The busy client gets its request in flight answered (with `Connection: close`), or
    // its connection closed between two requests: either way, a handful of answers at
    // most (those the hub gave before the signal reached it), not one after another.
    await busyLoop;
    await busy.closedAt;
    expect(answersAfterSignal).toBeLessThanOrEqual(5);
    expect(busyClosedBy === undefined || busyClosedBy === 'connection: close').toBe(true);

    // The slow request completes after the signal, and is answered in full.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(hub.child.exitCode).toBeNull();
    slow.write(TYPENAME.slice(5));
    const answer = await slow.response();
    expect(answer?.status).toBe(200);
    expect(JSON.parse(answer!.body)).toEqual({ data: { __typename: 'Query' } });
    expect(answer?.headers.connection).toBe('close');

    expect(await hub.exited).toBe(0);
    expect(hub.output()).toMatch(/"msg":"stopped"/);
    // The embedded PostgreSQL stopped with it.
    expect(postmasterPid(dataDir)).toBeUndefined();
  }, 180_000);

  it('after the grace period, cancels what is left, says so and exits non-zero', async () => {
    await stopLeftovers();
    const hub = await startHubProcess({ HUB_DATA_DIR: dataDir, HUB_SHUTDOWN_GRACE_SECONDS: '2' });
    started.push(hub);
    const stuck = await RawConnection.open(hub.port);
    stuck.write(slowPostHead(TYPENAME.length) + TYPENAME.slice(0, 5));
    await new Promise((r) => setTimeout(r, 200));
    hub.child.kill('SIGTERM');
    // The request never finishes: the hub cancels it when the grace period is over.
    expect(await stuck.response()).toBeUndefined();
    expect(await hub.exited).toBe(1);
    expect(hub.output()).toMatch(/grace period.*over/);
    expect(hub.output()).toMatch(/"cancelledRequests":1/);
    expect(postmasterPid(dataDir)).toBeUndefined();
  }, 180_000);

  it('after a SIGKILL, the next start stops the PostgreSQL the killed hub left running, and says so', async () => {
    await stopLeftovers();
    const first = await startHubProcess({ HUB_DATA_DIR: dataDir });
    started.push(first);
    const orphan = postmasterPid(dataDir)!;
    expect(alive(orphan)).toBe(true);
    first.child.kill('SIGKILL');
    await first.exited;
    // The cluster outlives its hub.
    expect(alive(orphan)).toBe(true);

    const second = await startHubProcess({ HUB_DATA_DIR: dataDir });
    started.push(second);
    expect(second.output()).toMatch(/left running by a hub that is no longer running/);
    expect(second.output()).toContain(`"pid":${orphan}`);
    await waitFor('the orphaned postmaster to go', () => !alive(orphan));
    const own = postmasterPid(dataDir)!;
    expect(own).not.toBe(orphan);
    const ready = await fetch(`http://127.0.0.1:${second.port}/readyz`);
    expect(ready.status).toBe(200);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    // Nothing is left running on this data folder.
    expect(postmasterPid(dataDir)).toBeUndefined();
    expect(alive(own)).toBe(false);
  }, 240_000);
});
