import { HeaderMap, type ApolloServer } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { rateLimited } from '../auth/errors.js';
import { newFacts, type HubContext, type Services } from '../context.js';
import { publicDatabaseError } from './db-errors.js';
import { clientAddress, TokenBucketLimiter } from './rate-limit.js';

export const MAX_JSON_BODY_BYTES = 1_000_000;

/** A route outside GraphQL (health, uploads). Return false to fall through to 404. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, ctx: { requestId: string; log: Logger }) => Promise<void>;

export interface HttpServerOptions {
  apollo: ApolloServer<HubContext>;
  services: Services;
  /** Extra routes by "METHOD /path" (exact) or "METHOD /prefix/*". */
  routes?: Record<string, RouteHandler>;
  readiness: () => Promise<boolean>;
}

export class HttpError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(payload);
}

/** Reads a request body up to a limit, refusing larger ones before buffering them. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, `Request body too large: at most ${limit} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `Request body too large: at most ${limit} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const LANDING = `<!doctype html><meta charset="utf-8"><title>Community Safety Data Hub</title>
<body style="font-family:system-ui;max-width:46rem;margin:3rem auto;line-height:1.5">
<h1>Community Safety Data Hub</h1>
<p>The GraphQL endpoint is <code>POST /graphql</code>. Log in with the <code>login</code> mutation, send the token as
<code>Authorization: Bearer &lt;token&gt;</code>, and declare a purpose on operations that read shared data:
<pre>query Q @purpose(name: STRATEGIC_ASSESSMENT) { myAccess { datasets { dataset { key } level } } }</pre>
<p>Health: <a href="/healthz">/healthz</a> (process), <a href="/readyz">/readyz</a> (database). See the README for more.</p>`;

/** The hub's HTTP front: GraphQL, health endpoints and extra routes, with request ids and limits. */
export function createHttpServer(opts: HttpServerOptions): http.Server {
  const { apollo, services } = opts;
  const base = services.logger;
  const routes = opts.routes ?? {};
  const limits = services.config.limits;
  // Per process (docs/security.md): people and partner systems by principal, everyone else by address.
  const perPrincipal = new TokenBucketLimiter({ perMinute: limits.ratePerMinute, burst: limits.rateBurst });
  const perAddress = new TokenBucketLimiter({ perMinute: limits.anonymousRatePerMinute, burst: limits.rateBurst });
  const admit = (limiter: TokenBucketLimiter, key: string) => {
    const r = limiter.take(key);
    if (!r.allowed) throw rateLimited('Too many requests.', r.retryAfterSeconds);
  };

  const graphql = async (req: IncomingMessage, res: ServerResponse, requestId: string, log: Logger) => {
    let body: unknown;
    if (req.method === 'POST') {
      const raw = await readBody(req, MAX_JSON_BODY_BYTES);
      const type = String(req.headers['content-type'] ?? '');
      if (!/^application\/(graphql-response\+)?json/i.test(type)) {
        throw new HttpError(415, 'POST /graphql needs `Content-Type: application/json`.');
      }
      try {
        body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch {
        throw new HttpError(400, 'The request body is not valid JSON.');
      }
    }
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    const url = new URL(req.url ?? '/', 'http://hub');
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method!.toUpperCase(), headers, search: url.search, body },
      context: async () => {
        const em = services.orm.em.fork();
        const clientIp = clientAddress(req, limits.trustProxyHops);
        let principal;
        let limited = false;
        try {
          // Limits apply before the database is asked. A token whose signature checks out
          // names its user: that user's bucket. An API key can only be checked in the
          // database, so an address that has used up its allowance of failed or anonymous
          // requests gets no lookups until it refills.
          principal = await services.auth.authenticate(
            em,
            {
              authorization: req.headers.authorization,
              apiKey: typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : undefined,
            },
            (who) => {
              limited = true;
              if (who.kind === 'user') admit(perPrincipal, `user:${who.id}`);
              else {
                const r = perAddress.peek(clientIp);
                if (!r.allowed) throw rateLimited('Too many requests.', r.retryAfterSeconds);
              }
              limited = false;
            },
          );
        } catch (err) {
          if (limited) throw err;
          const dbFault = publicDatabaseError(err, services.config.statementTimeoutMs);
          if (dbFault) throw dbFault;
          // Bad credentials count against the address, so that guessing tokens or keys is throttled too.
          admit(perAddress, clientIp);
          throw err;
        }
        // Users were admitted above; partner systems by their key, everyone else by address.
        if (!principal) admit(perAddress, clientIp);
        else if (principal.kind === 'apiKey') admit(perPrincipal, `apiKey:${principal.id}`);
        return { requestId, clientIp, em, principal, services, log: log.child({ principal: principal?.label }), facts: newFacts() };
      },
    });
    for (const [k, v] of response.headers) res.setHeader(k, v);
    res.setHeader('x-request-id', requestId);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  return http.createServer((req, res) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const log = base.child({ requestId });
    const url = new URL(req.url ?? '/', 'http://hub');
    const key = `${req.method} ${url.pathname}`;
    const handle = async () => {
      if (url.pathname === '/graphql') return graphql(req, res, requestId, log);
      if (key === 'GET /healthz') return sendJson(res, 200, { status: 'ok' });
      if (key === 'GET /readyz') {
        const ready = await opts.readiness().catch(() => false);
        return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'database unavailable' });
      }
      if (key === 'GET /') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(LANDING);
      }
      const route =
        routes[key] ?? Object.entries(routes).find(([k]) => k.endsWith('/*') && key.startsWith(k.slice(0, -1)))?.[1];
      if (route) {
        // Uploads and other routes: limited per address, before any credential is checked.
        const r = perAddress.take(`route:${clientAddress(req, limits.trustProxyHops)}`);
        if (!r.allowed) {
          const wait = Math.max(1, Math.ceil(r.retryAfterSeconds));
          res.setHeader('retry-after', String(wait));
          throw new HttpError(429, `Too many requests. Try again in ${wait} s.`);
        }
        return route(req, res, { requestId, log });
      }
      sendJson(res, 404, { error: 'Not found.' });
    };
    handle().catch((err: unknown) => {
      if (err instanceof HttpError) {
        if (!res.headersSent) sendJson(res, err.status, { error: err.message }, { 'x-request-id': requestId });
        else res.end();
        return;
      }
      log.error({ err }, 'unexpected error in HTTP handler');
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal server error.', requestId }, { 'x-request-id': requestId });
      else res.end();
    });
  });
}
