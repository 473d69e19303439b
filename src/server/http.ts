import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { HubContext, Services } from '../context.js';
import { identityRoutes } from '../identity/routes.js';
import { classifyDatabaseError } from './db-errors.js';
import { serveConsole } from './console-static.js';
import { HttpError, readBody, sendJson } from './http-io.js';
import { geographyLayer } from './geography-layer.js';
import { savedQueryCsv } from './saved-query-csv.js';
import { clientAddress } from './rate-limit.js';
import { requestContexts, type ContextFor } from './request-context.js';
import { bearerMatches, metrics, routeOf, serveMetrics } from '../metrics.js';

export const MAX_JSON_BODY_BYTES = 1_000_000;

export { HttpError, readBody, sendJson } from './http-io.js';

/** A route outside GraphQL (health, uploads). Return false to fall through to 404. */
export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { requestId: string; log: Logger },
) => Promise<void>;

export interface HttpServerOptions {
  apollo: ApolloServer<HubContext>;
  /** The schema Apollo serves: saved queries' CSV door builds its operations against it. */
  schema: GraphQLSchema;
  services: Services;
  /** Extra routes by "METHOD /path" (exact) or "METHOD /prefix/*". */
  routes?: Record<string, RouteHandler>;
  readiness: () => Promise<boolean>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** The GraphQL endpoint: the request handed to Apollo, its answer (and any cookies it set) sent back. */
function graphqlDoor(apollo: ApolloServer<HubContext>, contextFor: ContextFor) {
  return async (req: IncomingMessage, res: ServerResponse, requestId: string, log: Logger) => {
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
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    const url = new URL(req.url ?? '/', 'http://hub');
    // A person who opens /graphql in a browser gets the console's explorer, not a CSRF refusal in JSON.
    if (req.method === 'GET' && !url.search && /text\/html/.test(String(req.headers.accept ?? ''))) {
      res.writeHead(302, { location: '/explorer' });
      return res.end();
    }
    let hubContext: HubContext | undefined;
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method!.toUpperCase(), headers, search: url.search, body },
      context: async () => (hubContext = await contextFor(req, requestId, log)),
    });
    for (const [k, v] of response.headers) res.setHeader(k, v);
    // Set-Cookie values the operation asked for (sign-in, sign-out, a session found ended).
    if (hubContext?.http?.cookies) res.setHeader('set-cookie', hubContext.http.cookies);
    res.setHeader('x-request-id', requestId);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

/** GET /metrics on the public port: only with HUB_METRICS_TOKEN (docs/operations.md); otherwise not here at all. */
async function metricsDoor(req: IncomingMessage, res: ServerResponse, metricsToken: string | undefined): Promise<void> {
  if (!metricsToken) return sendJson(res, 404, { error: 'Not found.' });
  if (!bearerMatches(req.headers.authorization, metricsToken))
    return sendJson(res, 401, { error: 'Metrics need `Authorization: Bearer <HUB_METRICS_TOKEN>`.' });
  return serveMetrics(res);
}

/** GET /readyz: whether the database answers. */
async function readinessDoor(res: ServerResponse, readiness: () => Promise<boolean>): Promise<void> {
  let busy = false;
  const ready = await readiness().catch((err: unknown) => ((busy = classifyDatabaseError(err) === 'busy'), false));
  // Every connection in use is not a lost database: say so, and when to look again.
  if (busy) return sendJson(res, 503, { status: 'busy' }, { 'retry-after': '2' });
  return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'database unavailable' });
}

/** The extra route for "METHOD /path": an exact match, else the first "METHOD /prefix/*" it falls under. */
function routeFor(routes: Record<string, RouteHandler>, key: string): RouteHandler | undefined {
  return routes[key] ?? Object.entries(routes).find(([k]) => k.endsWith('/*') && key.startsWith(k.slice(0, -1)))?.[1];
}

/** Answers a request that failed: its HttpError as given, anything else as a logged 500. */
function sendFailure(res: ServerResponse, err: unknown, requestId: string, log: Logger): void {
  if (err instanceof HttpError) {
    if (!res.headersSent) sendJson(res, err.status, { error: err.message }, { 'x-request-id': requestId });
    else res.end();
    return;
  }
  log.error({ err }, 'unexpected error in HTTP handler');
  if (!res.headersSent)
    sendJson(res, 500, { error: 'Internal server error.', requestId }, { 'x-request-id': requestId });
  else res.end();
}

/** The hub's HTTP front: GraphQL, health endpoints and extra routes, with request ids and limits. */
export function createHttpServer(opts: HttpServerOptions): http.Server {
  const { apollo, services } = opts;
  const base = services.logger;
  // Sign-in through agencies' identity providers (src/identity/routes.ts).
  const routes = { ...identityRoutes(services), ...opts.routes };
  const limits = services.config.limits;
  const { perAddress } = services.limits;
  const contextFor = requestContexts(services);
  const graphql = graphqlDoor(apollo, contextFor);

  return http.createServer((req, res) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const log = base.child({ requestId });
    const url = new URL(req.url ?? '/', 'http://hub');
    const key = `${req.method} ${url.pathname}`;
    res.once('finish', () => metrics.httpRequest(routeOf(url.pathname), res.statusCode));
    const handle = async () => {
      if (url.pathname === '/graphql') return graphql(req, res, requestId, log);
      if (req.method === 'GET' && url.pathname.startsWith('/saved-queries/')) {
        return savedQueryCsv({ apollo, schema: opts.schema, contextFor }, req, res, url, requestId, log);
      }
      if (req.method === 'GET' && url.pathname.startsWith('/geography/layers/')) {
        return geographyLayer({ apollo, contextFor }, req, res, url, requestId, log);
      }
      if (key === 'GET /healthz') return sendJson(res, 200, { status: 'ok' });
      if (key === 'GET /metrics') return metricsDoor(req, res, services.config.operations.metricsToken);
      if (key === 'GET /readyz') return readinessDoor(res, opts.readiness);
      const route = routeFor(routes, key);
      if (route) {
        // Uploads and other routes: limited per address, before any credential is checked.
        const r = await perAddress.take(`route:${clientAddress(req, limits.trustProxyHops)}`);
        if (!r.allowed) {
          const wait = Math.max(1, Math.ceil(r.retryAfterSeconds));
          res.setHeader('retry-after', String(wait));
          throw new HttpError(429, `Too many requests. Try again in ${wait} s.`);
        }
        return route(req, res, { requestId, log });
      }
      if (
        (req.method === 'GET' || req.method === 'HEAD') &&
        (await serveConsole(
          services.config.console.webDir,
          url.pathname,
          req,
          res,
          services.config.mapTiles ? new URL(services.config.mapTiles.urlTemplate).origin : undefined,
        ))
      )
        return;
      sendJson(res, 404, { error: 'Not found.' });
    };
    handle().catch((err: unknown) => sendFailure(res, err, requestId, log));
  });
}
