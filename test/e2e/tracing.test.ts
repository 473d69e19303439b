import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

/*
 * Tracing end to end: the compiled hub as a child process exporting to an OTLP/HTTP
 * receiver on loopback (a plain HTTP server that keeps what is POSTed to /v1/traces).
 */

const root = path.resolve(import.meta.dirname, '../..');

interface OtlpSpan {
  name: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
}
interface OtlpBody {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[];
  }[];
}

async function runHub(env: Record<string, string>, during: (port: number) => Promise<void>): Promise<string> {
  const child = spawn(process.execPath, [path.join(root, 'dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      HUB_LOAD_DEMO: 'false',
      LOG_LEVEL: 'info',
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
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`hub did not start:\n${out}`)), 120_000);
      child.stdout!.on('data', () => {
        const m = /running at http:\/\/localhost:(\d+)\/graphql/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      void exited.then((code) => reject(new Error(`hub exited with ${code}:\n${out}`)));
    });
    await during(port);
  } finally {
    child.kill('SIGTERM');
    expect(await exited, out).toBe(0);
  }
  return out;
}

describe('tracing', () => {
  let db: TestDatabase;
  let receiver: http.Server;
  let endpoint: string;
  const bodies: { path: string; type: string; body: string }[] = [];

  beforeAll(async () => {
    try {
      execFileSync(
        process.execPath,
        [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')],
        { stdio: 'ignore' },
      );
    } catch {
      if (!existsSync(path.join(root, 'dist/main.js'))) throw new Error('the hub did not compile');
    }
    db = await createTestDatabase();
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push({
          path: req.url ?? '',
          type: String(req.headers['content-type']),
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  }, 240_000);

  afterAll(async () => {
    receiver?.close();
    await db?.drop();
  });

  const common = () => ({
    DATABASE_URL: db.url,
    HUB_TOKEN_SECRET: 'tracing-test-token-secret-0123456789-abcdefgh',
    HUB_PSEUDONYM_KEY: 'tracing-test-pseudonym-key-0123456789-abcdefg',
    HUB_DATA_DIR: path.join(root, '.hub-test'),
  });

  const traffic = async (port: number) => {
    const gql = (query: string, variables?: Record<string, unknown>) =>
      fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
    // A literal in the document and a variable: neither may reach a span.
    await gql(`mutation { login(username: "traced-user@bpol", password: "${DEMO_PASSWORD}-literal") { token } }`);
    await gql('mutation L($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', {
      u: 'variable-user@bpol',
      p: 'variable-password-123',
    });
    await fetch(`http://127.0.0.1:${port}/saved-queries/4b6f1c1e-secret-id.csv?purpose=STRATEGIC_ASSESSMENT`);
  };

  it('is off by default: nothing is sent', async () => {
    await runHub(common(), traffic);
    expect(bodies).toHaveLength(0);
  }, 180_000);

  it('sends HTTP, GraphQL and PostgreSQL spans to the OTLP endpoint, carrying no values', async () => {
    const out = await runHub({ ...common(), OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }, traffic);
    expect(out).toContain('tracing on');
    expect(bodies.length).toBeGreaterThan(0);
    for (const b of bodies) {
      expect(b.path).toBe('/v1/traces');
      expect(b.type).toMatch(/application\/json/);
    }
    const spans = bodies.flatMap((b) =>
      (JSON.parse(b.body) as OtlpBody).resourceSpans.flatMap((r) =>
        r.scopeSpans.flatMap((s) => s.spans.map((span) => ({ scope: s.scope.name, ...span }))),
      ),
    );
    const scopes = new Set(spans.map((s) => s.scope));
    expect(scopes).toContain('@opentelemetry/instrumentation-http');
    expect(scopes).toContain('@opentelemetry/instrumentation-graphql');
    expect(scopes).toContain('@opentelemetry/instrumentation-pg');
    const service = JSON.parse(bodies[0].body) as OtlpBody;
    expect(service.resourceSpans[0].resource.attributes).toContainEqual({
      key: 'service.name',
      value: { stringValue: 'community-safety-data-hub' },
    });
    const all = bodies.map((b) => b.body).join('\n');
    for (const secret of [
      'traced-user',
      `${DEMO_PASSWORD}-literal`,
      'variable-user',
      'variable-password-123',
      '4b6f1c1e-secret-id',
      'STRATEGIC_ASSESSMENT',
    ])
      expect(all).not.toContain(secret);
  }, 180_000);
});
