import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded.js';
import { migrate, openOrm } from '../../src/db/orm.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Server URL (database part ignored) where each test file creates its own database. */
    pgServerUrl: string;
    /** Name of a migrated template database to clone. */
    pgTemplate: string;
  }
}

let embedded: EmbeddedDatabase | undefined;
let server: Promise<string> | undefined;
let users = 0;

/** One PostgreSQL server for the whole run, however many projects set up: the embedded one, or TEST_DATABASE_URL. */
function sharedServer(): Promise<string> {
  server ??= (async () => {
    if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
    const dir = await mkdtemp(path.join(tmpdir(), 'hub-test-pg-'));
    embedded = await startEmbeddedPostgres({
      dir: path.join(dir, 'data'),
      password: 'test-only-password',
      persistent: false,
      database: 'postgres',
    });
    return embedded.url;
  })();
  return server;
}

/**
 * Starts one throwaway embedded PostgreSQL for the run (or uses TEST_DATABASE_URL),
 * migrates a template database once per project, and lets every test file clone it.
 */
export async function setup(project: TestProject) {
  users++;
  const serverUrl = await sharedServer();
  const template = `hub_test_template_${process.pid}_${project.name.replace(/\W/g, '_')}`;
  await admin(serverUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${template}"`);
    await c.query(`CREATE DATABASE "${template}"`);
  });
  const orm = await openOrm({ url: withDatabase(serverUrl, template) });
  try {
    await migrate(orm);
  } finally {
    await orm.close(true);
  }
  project.provide('pgServerUrl', serverUrl);
  project.provide('pgTemplate', template);
  return async () => {
    await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`)).catch(() => undefined);
    if (--users === 0) await embedded?.stop();
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
