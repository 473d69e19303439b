import type { ApolloServer } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { ALLOWED_PURPOSES } from '../auth/errors.js';
import type { HubContext } from '../context.js';
import { isLayerLevel, LAYER_LEVELS } from '../geography/layers.js';
import { HttpError, sendJson } from './http-io.js';
import { MapDetail } from '../domain/api-enums.js';

const PATH = /^\/geography\/layers\/([A-Z_]+)\.topojson$/;

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PURPOSE_REQUIRED: 400,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  QUERY_TIMEOUT: 503,
  SERVICE_UNAVAILABLE: 503,
};

const operation = (
  withBody: boolean,
) => `query GeographyLayer($level: GroupBy!, $detail: MapDetail!, $purpose: Purpose!)
@purpose(name: $purpose) {
  mapLayer(level: $level, detail: $detail) { version release areas${withBody ? ' topojson' : ''} }
}`;

/** Whether an If-None-Match header names this ETag (or `*`). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag;
  });
}

/** The level, purpose and detail a layer request asks for; 404 or 400 when they are not ones the hub has. */
function layerRequest(url: URL): { level: string; purpose: string; detail: string } {
  const m = PATH.exec(url.pathname);
  if (!m || !isLayerLevel(m[1]))
    throw new HttpError(
      404,
      `Not found: a map layer is at /geography/layers/<LEVEL>.topojson?purpose=<PURPOSE>, LEVEL one of ${LAYER_LEVELS.join(', ')}.`,
    );
  const level = m[1];
  const purpose = url.searchParams.get('purpose') ?? '';
  if (!(ALLOWED_PURPOSES as string[]).includes(purpose))
    throw new HttpError(400, `Add ?purpose= to the URL: one of ${ALLOWED_PURPOSES.join(', ')}.`);
  const detail = (url.searchParams.get('detail') ?? MapDetail.MEDIUM).toUpperCase();
  if (!(Object.values(MapDetail) as string[]).includes(detail))
    throw new HttpError(400, `\`detail\` must be one of ${Object.values(MapDetail).join(', ')}.`);

  return { level, purpose, detail };
}

interface LayerResult {
  data?: { mapLayer: { version: string; release: string; areas: number; topojson?: string } | null } | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

/** Runs the `mapLayer` query under the caller's context, with or without the layer itself. */
async function runLayerQuery(
  apollo: ApolloServer<HubContext>,
  ctx: HubContext,
  variables: { level: string; detail: string; purpose: string },
  withBody: boolean,
): Promise<LayerResult> {
  const response = await apollo.executeOperation(
    { query: operation(withBody), variables, operationName: 'GeographyLayer' },
    { contextValue: ctx },
  );
  if (response.body.kind !== 'single') throw new HttpError(500, 'Internal server error.');
  return response.body.singleResult as LayerResult;
}

/**
 * `GET /geography/layers/<LEVEL>.topojson?detail=MEDIUM&purpose=...`: an area level's
 * boundaries as TopoJSON (British National Grid), for the console's maps and any client
 * that draws answers. Authenticated like every door (console session, bearer token or
 * API key), it runs the `mapLayer` query under the caller's own plan and purpose, so the
 * permission map, the level check and the audit trail apply as to any read. The answer
 * carries a strong ETag from the release, level and detail: a request whose
 * If-None-Match names it gets 304 without the body (still authorised and audited).
 */
export async function geographyLayer(
  deps: {
    apollo: ApolloServer<HubContext>;
    contextFor: (req: IncomingMessage, requestId: string, log: Logger) => Promise<HubContext>;
  },
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
  log: Logger,
): Promise<void> {
  const { level, purpose, detail } = layerRequest(url);
  const ctx = await deps.contextFor(req, requestId, log);
  if (!ctx.principal)
    throw new HttpError(401, 'Send an API key (X-Api-Key, READ scope), a bearer token, or sign in to the console.');
  const ifNoneMatch = typeof req.headers['if-none-match'] === 'string' ? req.headers['if-none-match'] : undefined;
  // With a copy to revalidate, ask only for the version first: the layer is not sent again if unchanged.
  const run = (withBody: boolean) => runLayerQuery(deps.apollo, ctx, { level, detail, purpose }, withBody);
  let result = await run(!ifNoneMatch);
  const refuse = (errors: NonNullable<typeof result.errors>) => {
    const code = String(errors[0].extensions?.code ?? '');
    sendJson(
      res,
      STATUS[code] ?? 500,
      { error: errors.map((e) => e.message).join(' '), code },
      { 'x-request-id': requestId },
    );
  };
  if (result.errors?.length) return refuse(result.errors);
  const layer = result.data?.mapLayer;
  if (!layer)
    return sendJson(
      res,
      404,
      {
        error: `No ${level} boundaries are loaded yet: an administrator loads them with \`npx hub geography import\`.`,
        code: 'NOT_FOUND',
      },
      { 'x-request-id': requestId },
    );
  const etag = `"${layer.version}"`;
  const headers = {
    etag,
    // Kept by the browser only, and checked with the hub at each use (the answer depends on the caller).
    'cache-control': 'private, no-cache',
    vary: 'Cookie, Authorization, X-Api-Key',
    'x-request-id': requestId,
    'x-boundary-release': layer.release,
  };
  if (ifNoneMatch && matches(ifNoneMatch, etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  if (layer.topojson === undefined) {
    result = await run(true);
    if (result.errors?.length) return refuse(result.errors);
  }
  const body = result.data?.mapLayer?.topojson;
  if (!body) throw new HttpError(500, 'Internal server error.');
  res.writeHead(200, { ...headers, 'content-type': 'application/json; charset=utf-8' });
  res.end(body);
}
