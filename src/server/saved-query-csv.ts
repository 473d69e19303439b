import type { ApolloServer } from '@apollo/server';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { ALLOWED_PURPOSES } from '../auth/errors.js';
import type { HubContext } from '../context.js';
import { viewCsv, viewOperation } from '../saved-queries/views.js';
import { HttpError, sendJson } from './http-io.js';

const PATH = /^\/saved-queries\/([0-9a-fA-F-]{36})\.csv$/;

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

function statusOf(err: GraphQLError): number {
  const http = (err.extensions.http as { status?: number } | undefined)?.status;
  return http ?? STATUS[String(err.extensions.code)] ?? 500;
}

/**
 * `GET /saved-queries/<id>.csv?purpose=...`: a saved view's answer as CSV, for a
 * spreadsheet or Power BI to refresh with an API key (READ scope), a bearer token or the
 * console's session. The view runs as an ordinary GraphQL operation under the caller's
 * own agreements and the purpose in the URL, so the permission map, disclosure control
 * and the audit trail apply as to any read.
 */
export async function savedQueryCsv(
  deps: {
    apollo: ApolloServer<HubContext>;
    schema: GraphQLSchema;
    contextFor: (req: IncomingMessage, requestId: string, log: Logger) => Promise<HubContext>;
  },
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
  log: Logger,
): Promise<void> {
  const m = PATH.exec(url.pathname);
  if (!m) throw new HttpError(404, "Not found: a saved query's CSV is at /saved-queries/<id>.csv?purpose=<PURPOSE>.");
  const purpose = url.searchParams.get('purpose') ?? '';
  if (!(ALLOWED_PURPOSES as string[]).includes(purpose)) {
    throw new HttpError(400, `Add ?purpose= to the URL: one of ${ALLOWED_PURPOSES.join(', ')}.`);
  }
  try {
    const ctx = await deps.contextFor(req, requestId, log);
    if (!ctx.principal)
      throw new HttpError(401, 'Send an API key (X-Api-Key, READ scope), a bearer token, or sign in to the console.');
    const saved = await ctx.services.savedQueries.get(ctx.principal, m[1]);
    const response = await deps.apollo.executeOperation(
      {
        query: viewOperation(deps.schema, saved.view, saved.parameters),
        variables: { ...saved.parameters, purpose },
        http: undefined,
      },
      { contextValue: ctx },
    );
    if (response.body.kind !== 'single') throw new HttpError(500, 'Internal server error.');
    const { data, errors } = response.body.singleResult;
    if (errors?.length) {
      const first = errors[0];
      const code = String(first.extensions?.code ?? '');
      return sendJson(
        res,
        STATUS[code] ?? 500,
        { error: errors.map((e) => e.message).join(' '), code },
        { 'x-request-id': requestId },
      );
    }
    const name =
      saved.name
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 80) || 'saved-query';
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}-${purpose.toLowerCase().replace(/_/g, '-')}.csv"`,
      'cache-control': 'no-store',
      'x-request-id': requestId,
    });
    res.end(viewCsv(data));
  } catch (err) {
    if (err instanceof GraphQLError)
      return sendJson(
        res,
        statusOf(err),
        { error: err.message, code: err.extensions.code },
        { 'x-request-id': requestId },
      );
    throw err;
  }
}
