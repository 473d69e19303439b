import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print as printDocument } from 'graphql';
import { startHub, type RunningHub } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export const TEST_TOKEN_SECRET = 'test-token-secret-0123456789-abcdefghijklmnop';
export const TEST_PSEUDONYM_KEY = 'test-pseudonym-key-0123456789-abcdefghijklmnop';

export interface TestHub {
  db: TestDatabase;
  runtime: Runtime;
  hub: RunningHub;
  /** POSTs a GraphQL operation; returns the parsed body and the HTTP status. */
  gql<TData = Record<string, unknown>, TVars = Record<string, unknown>>(
    doc: TypedDocumentNode<TData, TVars> | string,
    variables?: TVars,
    opts?: { token?: string; apiKey?: string; headers?: Record<string, string> },
  ): Promise<{
    status: number;
    data?: TData | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  }>;
  close(): Promise<void>;
}

/** A real hub (HTTP, Apollo, shield, PostgreSQL) on a fresh database, on a free port. */
export async function startTestHub(env: Record<string, string> = {}): Promise<TestHub> {
  const db = await createTestDatabase();
  return hubOn(db, env);
}

/**
 * A real hub on a database the test made itself (a primary with a replica, say): migrated
 * at start; closing the hub leaves the database to its owner.
 */
export async function startTestHubAt(databaseUrl: string, env: Record<string, string> = {}): Promise<TestHub> {
  return hubOn({ url: databaseUrl, name: new URL(databaseUrl).pathname.slice(1) }, env);
}

async function hubOn(db: Omit<TestDatabase, 'orm' | 'drop'> & Partial<TestDatabase>, env: Record<string, string>) {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
    HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
    HUB_DATA_DIR: '.hub-test',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const runtime = await openRuntime(config, createLogger('silent'));
  const hub = await startHub(runtime, { port: 0, host: '127.0.0.1' });
  const testDb: TestDatabase = { orm: runtime.orm, drop: async () => undefined, ...db };
  const t: TestHub = {
    db: testDb,
    runtime,
    hub,
    async gql(doc, variables, opts = {}) {
      const query = typeof doc === 'string' ? doc : printDocument(doc);
      const res = await fetch(hub.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(opts.apiKey ? { 'x-api-key': opts.apiKey } : {}),
          ...opts.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: never; errors?: never };
      return { status: res.status, data: body.data, errors: body.errors };
    },
    async close() {
      await hub.stop();
      await runtime.close();
      await testDb.drop();
    },
  };
  return t;
}
