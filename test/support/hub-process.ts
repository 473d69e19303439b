import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/*
 * The compiled hub as a child process, as `npm start` runs it (for test/e2e/startup.test.ts, shutdown.test.ts and the tests that need several hubs).
 */

const root = path.resolve(import.meta.dirname, '../..');

export interface HubProcess {
  child: ChildProcess;
  port: number;
  url: string;
  output(): string;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  /** SIGTERM, and wait for the exit code. */
  stop(): Promise<number | null>;
}

/** Compiles src/ into dist/ (tsc), once per test file that spawns hubs. */
export function buildHub(): void {
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')],
    { stdio: 'inherit' },
  );
}

/** Starts `node dist/main.js` on a free port of 127.0.0.1 and waits for its banner. */
export async function startHubProcess(env: Record<string, string>): Promise<HubProcess> {
  const child = spawn(process.execPath, [path.join(root, 'dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      HUB_LOAD_DEMO: 'false',
      LOG_LEVEL: 'warn',
      PORT: '0',
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${out}`)), 120_000);
    const check = () => {
      const m = /running at http:\/\/localhost:(\d+)\/graphql/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code}:\n${out}`));
    });
  });
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    output: () => out,
    exited,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
  };
}
