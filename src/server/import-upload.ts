import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { GraphQLError } from 'graphql';
import type { Services } from '../context.js';
import { ImportRefused, type RefusalCode } from '../ingest/import-errors.js';
import { ImportDoor, publicSummary } from '../ingest/import.service.js';
import { csvSource } from '../ingest/record-source.js';
import { HttpError, sendJson, type RouteHandler } from './http.js';

/** Where partner systems send files: `POST /import/<dataset key>` with a CSV body. */
export const IMPORT_ROUTE = 'POST /import/*';

const CSV_TYPES = /^(text\/csv|application\/csv|text\/plain|application\/octet-stream)\b/i;

const STATUS: Partial<Record<RefusalCode, number>> = { FORBIDDEN: 403, NOT_FOUND: 404, FAILED: 503, BUSY: 409, INTERRUPTED: 400, BAD_PERIOD: 400 };

/**
 * The HTTP door of the ingest pipeline, for partner systems (API key with the IMPORT
 * scope) and provider accounts (bearer token). The body is streamed into the pipeline,
 * never buffered whole; `?dryRun=true` validates only, `?period=2026-Q1` declares the
 * submission period; `Content-Encoding: gzip` is accepted.
 */
export function importUploadRoute(services: Services): RouteHandler {
  return async (req: IncomingMessage, res: ServerResponse, { requestId }) => {
    const url = new URL(req.url ?? '/', 'http://hub');
    let key = '';
    try {
      key = decodeURIComponent(url.pathname.slice('/import/'.length));
    } catch {
      // a malformed escape: no such dataset
    }
    const principal = await services.auth
      .authenticate(services.orm.em.fork(), {
        authorization: req.headers.authorization,
        apiKey: typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : undefined,
      })
      .catch((err: unknown) => {
        if (err instanceof GraphQLError) throw new HttpError(401, err.message);
        throw err;
      });
    if (!principal) throw new HttpError(401, 'Authentication required: send `X-Api-Key` (a key with the IMPORT scope) or `Authorization: Bearer <token>`.');
    const dryRun = /^(1|true|yes)$/i.test(url.searchParams.get('dryRun') ?? '');
    // Refused at the door: recorded like any refused import (the hub's reason, never the request's values).
    const refuse = async (status: number, message: string, reason: string) => {
      await services.imports.recordRefusedAtDoor({ datasetKey: key, actor: principal, door: ImportDoor.HTTP, requestId, dryRun }, reason);
      return new HttpError(status, message);
    };
    if (!key || key.includes('/')) throw await refuse(404, 'Upload to /import/<dataset key>, e.g. /import/bpol-crime.', 'no dataset in the upload path');
    if (!CSV_TYPES.test(String(req.headers['content-type'] ?? ''))) throw await refuse(415, 'Send the file as `Content-Type: text/csv`.', 'not sent as text/csv');
    const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity' && encoding !== 'gzip') throw await refuse(415, 'Content-Encoding may be gzip or none.', 'unsupported content encoding');

    // Piped, not passed: a refusal stops reading without destroying the socket the answer goes back on.
    const body = new PassThrough({ highWaterMark: 1 << 20 });
    if (encoding === 'gzip') {
      const gunzip = createGunzip();
      gunzip.on('error', (err) => body.destroy(err));
      req.pipe(gunzip).pipe(body);
    } else {
      req.pipe(body);
    }
    req.on('close', () => {
      if (!req.readableEnded) body.destroy(Object.assign(new Error('upload aborted'), { code: 'ECONNRESET' }));
    });

    const period = url.searchParams.get('period') ?? undefined;
    try {
      const summary = await services.imports.run({
        datasetKey: key,
        actor: principal,
        door: ImportDoor.HTTP,
        source: csvSource(body),
        dryRun,
        period,
        requestId,
      });
      sendJson(res, 200, publicSummary(summary), { 'x-request-id': requestId });
    } catch (err) {
      if (!(err instanceof ImportRefused)) throw err;
      const finished = req.readableEnded;
      sendJson(res, STATUS[err.code] ?? 422, { error: err.message, reason: err.code, batchId: err.batchId ?? null }, { 'x-request-id': requestId, ...(finished ? {} : { connection: 'close' }) });
    } finally {
      // Whatever is left of a refused upload is read and discarded, so the client sees the answer.
      req.unpipe();
      req.resume();
    }
  };
}
